# cmake/layers.cmake: one static library per layer folder of tracker/, and the include rule.
#
# trk_layer(TARGET FOLDER [SOURCES f.c ...] [EXCLUDE f.c ...] FORBID lib ...)
#   builds tracker/FOLDER/*.c (or only SOURCES, or all but EXCLUDE) into TARGET. Its sources see
#   tracker/FOLDER and, through the libraries it links, the folders below it; never one above.
#   For each FORBIDden library (libpq, cjson, libical, mhd, libcsv, sodium, openssl, curl) its headers resolve, for these sources
#   only, to a generated header whose #error names the rule, ahead of the system's headers.
# trk_layer_probe(FOLDER LIB) adds a test that compiles a file of FOLDER including LIB's header
#   and passes only when the compiler refuses it.

set(TRK_LIB_HEADERS_libpq libpq-fe.h libpq/libpq-fs.h postgresql/libpq-fe.h)
set(TRK_LIB_HEADERS_cjson cjson/cJSON.h cJSON.h)
set(TRK_LIB_HEADERS_libical libical/ical.h ical.h)
set(TRK_LIB_HEADERS_mhd microhttpd.h)
set(TRK_LIB_HEADERS_libcsv csv.h)
set(TRK_LIB_HEADERS_sodium sodium.h)
set(TRK_LIB_HEADERS_curl curl/curl.h)
set(TRK_LIB_HEADERS_openssl openssl/hmac.h openssl/evp.h openssl/sha.h openssl/ssl.h)
set(TRK_LIB_OWNER_libpq "store/db.c")
set(TRK_LIB_OWNER_cjson "formats/, http/ and cmd/")
set(TRK_LIB_OWNER_libical "formats/ics.c")
set(TRK_LIB_OWNER_mhd "http/")
set(TRK_LIB_OWNER_libcsv "formats/ (import_csv.c)")
set(TRK_LIB_OWNER_sodium "crypto/")
set(TRK_LIB_OWNER_curl "net/")
set(TRK_LIB_OWNER_openssl "crypto/ (HMAC)")

function(trk_poison_dir out folder)
  set(dir ${CMAKE_BINARY_DIR}/layers/${folder}-${ARGN})
  string(REPLACE ";" "-" dir "${dir}")
  foreach(lib ${ARGN})
    foreach(h ${TRK_LIB_HEADERS_${lib}})
      file(WRITE ${dir}/${h}.tmp
           "#error \"layer rule: tracker/${folder} may not include <${h}> (${lib} belongs to "
           "${TRK_LIB_OWNER_${lib}}; see README.md, where things live)\"\n")
      configure_file(${dir}/${h}.tmp ${dir}/${h} COPYONLY)
    endforeach()
  endforeach()
  set(${out} ${dir} PARENT_SCOPE)
endfunction()

function(trk_layer_includes target folder)
  cmake_parse_arguments(L "" "" "FORBID" ${ARGN})
  trk_poison_dir(poison ${folder} ${L_FORBID})
  target_include_directories(${target} BEFORE PRIVATE ${poison})
endfunction()

function(trk_layer target folder)
  cmake_parse_arguments(L "" "" "SOURCES;EXCLUDE;FORBID" ${ARGN})
  set(dir ${CMAKE_SOURCE_DIR}/tracker/${folder})
  if(L_SOURCES)
    list(TRANSFORM L_SOURCES PREPEND ${dir}/ OUTPUT_VARIABLE srcs)
  else()
    file(GLOB srcs CONFIGURE_DEPENDS ${dir}/*.c)
    foreach(x ${L_EXCLUDE})
      list(REMOVE_ITEM srcs ${dir}/${x})
    endforeach()
  endif()
  add_library(${target} STATIC ${srcs})
  target_include_directories(${target} PUBLIC ${dir})
  trk_layer_includes(${target} ${folder} FORBID ${L_FORBID})
endfunction()

function(trk_layer_probe folder lib)
  list(GET TRK_LIB_HEADERS_${lib} 0 h)
  set(src ${CMAKE_BINARY_DIR}/layers/probe_${folder}_${lib}.c)
  file(WRITE ${src}.tmp "/* probe: a file of tracker/${folder} that breaks the layer rule */\n"
                        "#include <${h}>\nint trk_probe_${folder}_${lib}(void);\n"
                        "int trk_probe_${folder}_${lib}(void) { return 0; }\n")
  configure_file(${src}.tmp ${src} COPYONLY)
  set(target layer_probe_${folder}_${lib})
  add_library(${target} OBJECT EXCLUDE_FROM_ALL ${src})
  # The probe gets what a file of that layer gets: its folder, the folders below, the forbidding.
  if(folder STREQUAL "core")
    target_link_libraries(${target} PRIVATE trkcore)
    trk_layer_includes(${target} core FORBID libpq cjson libical mhd libcsv sodium openssl curl)
  elseif(folder STREQUAL "store")
    target_link_libraries(${target} PRIVATE trkstore)
    trk_layer_includes(${target} store FORBID libpq cjson libical mhd libcsv sodium openssl curl)
  elseif(folder STREQUAL "net")
    target_link_libraries(${target} PRIVATE trknet)
    trk_layer_includes(${target} net FORBID libpq cjson libical mhd libcsv sodium openssl)
  elseif(folder STREQUAL "formats")
    target_link_libraries(${target} PRIVATE trkformats)
    trk_layer_includes(${target} formats FORBID libpq libical mhd sodium openssl curl)
  else()
    target_link_libraries(${target} PRIVATE trkcmd)
    trk_layer_includes(${target} cmd FORBID libpq libical mhd libcsv sodium openssl curl)
  endif()
  add_test(NAME layers.${folder}_no_${lib}
           COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target ${target})
  set_tests_properties(layers.${folder}_no_${lib} PROPERTIES LABELS layers RESOURCE_LOCK layer_probe
                       PASS_REGULAR_EXPRESSION "layer rule: tracker/${folder} may not include")
endfunction()
