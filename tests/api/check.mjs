// tests/api/check.mjs OPENAPI LOG: validates the OpenAPI document with an independent validator
// (@seriousme/openapi-schema-validator), then every response the API tests logged (LOG: lines of
// METHOD \t PATH \t STATUS \t CONTENT-TYPE \t BODY-FILE) against the document: the path and
// method must be documented, the status among the operation's responses, the content type among
// the response's, and a JSON body must match its schema (ajv, JSON Schema 2020-12).
// Prints "checked N responses" and one line per failure; exit 1 on any failure.
import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [docPath, logPath] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(docPath, "utf8"));
let fails = 0;
const fail = (m) => { fails++; console.log("FAIL " + m); };

const v = new Validator();
const res = await v.validate(doc);
if (!res.valid) fail("openapi.json is not a valid OpenAPI " + v.version + " document: " + JSON.stringify(res.errors).slice(0, 2000));
else console.log("openapi.json: valid OpenAPI " + v.version);

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(doc, "openapi.json");
const esc = (s) => s.replace(/~/g, "~0").replace(/\//g, "~1");
const templates = Object.keys(doc.paths)
  .map((t) => ({ t, re: new RegExp("^" + t.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+") + "$"), n: (t.match(/\{/g) || []).length }))
  .sort((a, b) => a.n - b.n);
const cache = new Map();
let checked = 0;
const lines = readFileSync(logPath, "utf8").split("\n").filter(Boolean);
for (const line of lines) {
  const [method, url, statusText, ctype, file] = line.split("\t");
  const path = decodeURIComponent(url.split("?")[0]).replace(/^\/api\/v1/, "") || "/";
  const tpl = templates.find((x) => x.re.test(path));
  if (!tpl) {
    if (statusText !== "404") fail(`${method} ${url}: path not in openapi.json (status ${statusText})`);
    checked++;
    continue;
  }
  const m = method.toLowerCase() === "head" ? "get" : method.toLowerCase();
  const op = doc.paths[tpl.t][m];
  const status = statusText;
  if (!op) {
    if (status !== "405" && method !== "OPTIONS") fail(`${method} ${tpl.t}: method not in openapi.json (status ${status})`);
    checked++;
    continue;
  }
  const r = op.responses[status];
  if (!r) { fail(`${method} ${tpl.t}: status ${status} not documented`); continue; }
  checked++;
  if (status === "204" || status === "304" || method === "HEAD") continue;
  const base = (ctype || "").split(";")[0].trim();
  if (!r.content || !r.content[base]) { fail(`${method} ${tpl.t} ${status}: content type ${base} not documented`); continue; }
  if (!base.endsWith("json")) continue;
  let body;
  try { body = JSON.parse(readFileSync(file, "utf8")); } catch (e) { fail(`${method} ${url} ${status}: body is not JSON: ${e.message}`); continue; }
  const ref = `openapi.json#/paths/${esc(tpl.t)}/${m}/responses/${status}/content/${esc(base)}/schema`;
  let validate = cache.get(ref);
  if (!validate) { validate = ajv.compile({ $ref: ref }); cache.set(ref, validate); }
  if (!validate(body)) fail(`${method} ${url} ${status}: ${ajv.errorsText(validate.errors)}`);
}
console.log(`checked ${checked} responses against openapi.json`);
process.exit(fails ? 1 : 0);
