// tests/api/matrix.mjs BASE OPENAPI CREDS LOG DIR: the authorization matrix, generated from the
// OpenAPI document: every operation x no token, a bad token, a viewer (write-scope token), an
// editor and an admin with read- and write-scope tokens. CREDS: JSON {name: token} and ids
// {case, event, fine, deadline, party, body, source, report}. Writes send bodies that cannot
// change anything ({} for POST, a stale If-Match for PATCH), so only the answer to the
// credentials is looked at. Responses are logged (LOG, as check.mjs reads them; bodies in DIR).
// Prints the matrix's size and one line per failure; exit 1 on any failure.
import { readFileSync, writeFileSync, appendFileSync } from "node:fs";

const [base, docPath, credsPath, logPath, dir] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(docPath, "utf8"));
const creds = JSON.parse(readFileSync(credsPath, "utf8"));
const ids = creds.ids;
const who = [
  ["none", null, 0, false],
  ["bad token", "trk_" + "A".repeat(43), 0, false],
  ["viewer/write", creds.viewer_write, 1, true],
  ["editor/read", creds.editor_read, 2, false],
  ["editor/write", creds.editor_write, 2, true],
  ["admin/read", creds.admin_read, 3, false],
  ["admin/write", creds.admin_write, 3, true],
];
const roles = { public: 0, viewer: 1, editor: 2, admin: 3 };
const fill = (t) => t.replace(/^\/tokens\/\{id\}/, "/tokens/999999").replace(/^\/feeds\/\{id\}/, "/feeds/999999").replace(/^\/(\w+)\/\{id\}/, (m, r) => {
  const k = { cases: "case", events: "event", fines: "fine", deadlines: "deadline", parties: "party", bodies: "body", sources: "source", hooks: "hook" }[r];
  return `/${r}/${ids[k]}`;
}).replace("{delivery_id}", ids.delivery).replace("{name}", ids.report).replace("{login}", ids.user).replace("{jurisdiction}/{year}", "RU/2017");
let n = 0, fails = 0, k = 0;
for (const [tpl, item] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(item)) {
    const write = method !== "get";
    const need = roles[op["x-tracker-role"]];
    for (const [name, token, role, canWrite] of who) {
      const headers = {};
      if (token) headers.authorization = "Bearer " + token;
      let body;
      if (write) {
        headers["content-type"] = method === "patch" ? "application/merge-patch+json" : "application/json";
        if (method === "patch" || method === "delete") headers["if-match"] = '"stale"';
        body = "{}";
      }
      const url = base + "/api/v1" + fill(tpl);
      const r = await fetch(url, { method: method.toUpperCase(), headers, body });
      const text = await r.text();
      const f = `${dir}/m${k++}.body`;
      writeFileSync(f, text);
      appendFileSync(logPath, [method.toUpperCase(), "/api/v1" + fill(tpl), r.status, r.headers.get("content-type") || "", f].join("\t") + "\n");
      n++;
      let want;
      if (need === 0) want = (s) => s !== 401 && s !== 403;
      else if (!token || role === 0) want = (s) => s === 401;
      else if (role < need || (write && !canWrite)) want = (s) => s === 403;
      else want = write ? (s) => s !== 401 && s !== 403 && s < 500 : (s) => s === 200;
      if (!want(r.status)) { fails++; console.log(`FAIL ${method.toUpperCase()} ${tpl} as ${name}: ${r.status} ${text.slice(0, 200)}`); }
    }
  }
}
console.log(`authorization matrix: ${n} requests (${n / who.length} operations x ${who.length} credentials), ${fails} failures`);
process.exit(fails ? 1 : 0);
