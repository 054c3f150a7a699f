#!/usr/bin/python3
"""scripts/openapi.py: writes docs/openapi.json, the OpenAPI 3.1 description of /api/v1.

The document is the authority for the API's clients (the web application follows it); edit this
script and run it (`/usr/bin/python3 scripts/openapi.py`) when a route of tracker/http/api_res.c
changes. tests/cli/t_api.sh checks that the document and the route table list the same routes,
validates the document with an independent validator and every response the tests receive
against its schema."""
import json, os, sys

S = "string"
def nul(t): return {"type": [t, "null"]}
def ref(n): return {"$ref": "#/components/schemas/" + n}
def arr(x): return {"type": "array", "items": x}
def obj(props, required=(), extra=True, desc=None):
    o = {"type": "object", "properties": props}
    if required: o["required"] = list(required)
    if not extra: o["additionalProperties"] = False
    if desc: o["description"] = desc
    return o
def page(item): return obj({"items": arr(item), "next_cursor": nul(S)}, ["items", "next_cursor"])

date = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
money = {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?$", "description": "an exact decimal as a string, never a JSON number"}
ts = {"type": "string", "description": "a timestamp as PostgreSQL prints it"}
EVENT_TYPES = ["deadline.created", "deadline.changed", "deadline.cancelled", "deadline.due_soon", "event.created", "case.changed"]

schemas = {
  "Problem": obj({
      "type": {"type": "string", "format": "uri", "description": "https://tracker.example/problems/NAME: stable, one per kind of problem"},
      "title": {"type": "string"}, "status": {"type": "integer"},
      "detail": {"type": "string", "description": "what went wrong, in the CLI's words"},
      "errors": arr(obj({"path": {"type": "string", "description": "JSON path in the request body ($.events[0].date), or the name of a query parameter or header"},
                         "message": {"type": "string"}}, ["path", "message"], extra=False)),
      "hints": arr({"type": "string"})},
      ["type", "title", "status", "detail", "errors"], desc="RFC 9457 problem details"),
  "Me": obj({"id": {"type": "integer"}, "login": {"type": "string"}, "name": nul(S),
             "role": {"enum": ["viewer", "editor", "admin"]}, "created_at": ts,
             "can_write": {"type": "boolean"}}, ["id", "login", "role", "can_write"]),
  "CaseInput": obj({
      "id": {"type": "string", "description": "external id (default: a new api:case:... id)"},
      "title": {"type": "string"}, "jurisdiction": {"type": "string"}, "body": nul(S),
      "docket": nul(S), "status": nul(S), "procedure": nul(S), "summary": nul(S),
      "tags": arr({"type": "string"}),
      "parties": arr(obj({"party": {"type": "string"}, "role": {"type": "string"}}, ["party", "role"])),
      "events": arr(ref("EventInput"))},
      ["title", "jurisdiction"], desc="a case record of the interchange format (docs/interchange.md); unknown keys are refused"),
  "Case": obj({
      "id": {"type": "string", "description": "external id, or the derived local:case:N:... id"},
      "title": {"type": "string"}, "jurisdiction": {"type": "string"}, "body": nul(S),
      "docket": nul(S), "status": {"type": "string"}, "procedure": {"type": "string"},
      "summary": nul(S), "tags": arr({"type": "string"}),
      "parties": arr(obj({"party": {"type": "string"}, "role": {"type": "string"}}, ["party", "role"])),
      "db_id": {"type": "integer", "readOnly": True}, "version": {"type": "integer", "readOnly": True},
      "created_at": ts, "updated_at": ts},
      ["id", "title", "jurisdiction", "status", "tags", "parties", "db_id", "version"]),
  "CaseListItem": obj({
      "id": {"type": "integer"}, "title": {"type": "string"}, "jurisdiction": {"type": "string"},
      "procedure": {"type": "string"}, "status": {"type": "string"}, "docket": nul(S),
      "body": nul(S), "external_id": nul(S), "tags": arr({"type": "string"}),
      "events": {"type": "integer"}, "next_deadline": nul(S), "version": {"type": "integer"},
      "created_at": ts, "updated_at": ts},
      ["id", "title", "jurisdiction", "status", "events", "version"], desc="a row of tracker case list --json"),
  "Fine": obj({
      "id": {"type": "string"}, "amount": money, "currency": {"type": "string"},
      "paid": {"type": "boolean"}, "paid_on": nul(S), "payer": nul(S), "authority": nul(S),
      "equivalents": arr(obj({"amount": money, "currency": {"type": "string"}, "rate": nul(S),
                              "as_of": nul(S), "note": nul(S)}, ["amount", "currency"])),
      "db_id": {"type": "integer", "readOnly": True}, "event_db_id": {"type": "integer"},
      "case_db_id": {"type": "integer"}, "event": {"type": "string"}},
      ["amount", "currency", "db_id"]),
  "EventInput": obj({
      "id": {"type": "string", "description": "external id (default: a new api:event:... id)"},
      "type": {"type": "string"}, "date": date, "title": {"type": "string"},
      "date_precision": {"enum": ["day", "month", "year"]}, "time": nul(S), "time_zone": nul(S),
      "received_on": nul(S), "outcome": nul(S), "description": nul(S), "body": nul(S),
      "party": nul(S), "vacated": {"type": "boolean"}, "service_method": nul(S),
      "sources": arr({"type": "string"}),
      "fine": obj({"amount": money, "currency": {"type": "string"}}, ["amount", "currency"]),
      "deadlines": arr(obj({"kind": {"type": "string"}, "title": {"type": "string"},
                            "period": obj({"count": {"type": "integer"}, "unit": {"type": "string"}, "roll": {"type": "string"}}, ["count", "unit"]),
                            "due_on": date}, ["kind"]))},
      ["type", "date", "title"], desc="an event record of the interchange format, with its fine and explicit deadlines"),
  "ProducedDeadline": obj({"id": {"type": "integer"}, "kind": {"type": "string"}, "title": {"type": "string"},
      "due_on": {"type": "string"}, "earliest_on": nul(S), "latest_on": nul(S),
      "status": {"type": "string"}, "revision": {"type": "integer"}, "rule": nul(S), "basis": {"type": "string"}},
      ["id", "kind", "due_on", "status", "revision"]),
  "Event": obj({
      "id": {"type": "string"}, "type": {"type": "string"}, "date": date, "title": {"type": "string"},
      "sources": arr({"type": "string"}), "case": {"type": "string"},
      "db_id": {"type": "integer", "readOnly": True}, "case_db_id": {"type": "integer", "readOnly": True},
      "created_at": ts, "updated_at": ts,
      "produced_deadlines": arr(ref("ProducedDeadline"))},
      ["id", "type", "date", "title", "db_id", "case_db_id", "produced_deadlines"],
      desc="the event's interchange record (with fine and explicit deadlines) and the deadlines it produced"),
  "EventListItem": obj({"id": {"type": "string"}, "type": {"type": "string"}, "date": date,
                        "title": {"type": "string"}, "db_id": {"type": "integer"}},
                       ["id", "type", "date", "title", "db_id"]),
  "FineListItem": obj({"id": {"type": "integer"}, "event_id": {"type": "integer"}, "case_id": {"type": "integer"},
      "date": {"type": "string"}, "amount": money, "currency": {"type": "string"},
      "paid": {"type": "boolean"}, "paid_on": nul(S), "equivalents": arr({"type": "object"})},
      ["id", "event_id", "case_id", "amount", "currency", "paid"]),
  "Deadline": obj({"id": {"type": "integer"}, "case_id": {"type": "integer"}, "case_title": {"type": "string"},
      "trigger_event_id": nul("integer"), "kind": {"type": "string"}, "title": {"type": "string"},
      "due_on": {"type": "string"}, "earliest_on": nul(S), "latest_on": nul(S),
      "status": {"type": "string"}, "stored_status": {"type": "string"}, "revision": {"type": "integer"},
      "rule": nul(S), "basis": {"type": "string"}},
      ["id", "case_id", "kind", "due_on", "status", "revision"], desc="a row of tracker deadline list --json"),
  "DeadlineDetail": obj({"id": {"type": "integer"}, "kind": {"type": "string"}, "due_on": {"type": "string"},
      "status": {"type": "string"}, "revision": {"type": "integer"},
      "explanation": {"type": ["object", "null"], "description": "how the date was computed: lines and steps, as tracker deadline explain --json"},
      "as_of": {"type": "string"},
      "history": arr(obj({"revision": {"type": "integer"}, "due_on": nul(S), "status": nul(S), "reason": nul(S), "changed_at": nul(S)}, ["revision"]))},
      ["id", "kind", "due_on", "status", "revision", "explanation", "history"], desc="tracker deadline show --json"),
  "HistoryEntry": obj({"id": {"type": "integer"}, "at": {"type": "string"}, "actor": {"type": "string"},
      "account": nul(S), "db_role": {"type": "string"}, "op": {"enum": ["INSERT", "UPDATE", "DELETE"]},
      "table_name": {"type": "string"}, "row_id": {"type": "integer"}, "cause": nul(S),
      "changes": arr({"type": "object"})},
      ["id", "at", "actor", "account", "op", "table_name", "row_id", "changes"], desc="tracker history --json rows"),
  "Change": obj({"id": {"type": "integer"}, "at": {"type": "string"}, "account": nul(S), "actor": {"type": "string"},
      "db_role": {"type": "string"}, "op": {"type": "string"}, "table_name": {"type": "string"},
      "row_id": {"type": "integer"}, "title": nul(S), "changes": arr(obj({"field": {"type": "string"}, "old": {}, "new": {}}, ["field"]))},
      ["id", "at", "op", "table_name", "row_id", "changes"]),
  "Party": obj({"db_id": {"type": "integer"}, "id": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"}},
               ["db_id", "id", "name", "kind"]),
  "Body": obj({"db_id": {"type": "integer"}, "id": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"}, "jurisdiction": nul(S)},
              ["db_id", "id", "name", "kind"]),
  "Source": obj({"db_id": {"type": "integer"}, "id": {"type": "string"}, "url": {"type": "string"}, "publisher": nul(S),
                 "title": nul(S), "published_on": nul(S), "retrieved_on": nul(S)}, ["db_id", "id", "url"]),
  "ImportResult": obj({"dry_run": {"type": "boolean"}, "counts": {"type": "object", "additionalProperties":
                        obj({"inserted": {"type": "integer"}, "updated": {"type": "integer"}, "unchanged": {"type": "integer"}}, ["inserted", "updated", "unchanged"])}},
                      ["dry_run", "counts"]),
  "Interchange": obj({"format": {"const": "tracker-interchange"}, "version": {"const": 1},
                      "parties": arr({"type": "object"}), "bodies": arr({"type": "object"}),
                      "sources": arr({"type": "object"}), "cases": arr({"type": "object"})},
                     ["format", "version"], desc="docs/interchange.md; its JSON Schema is docs/interchange.schema.json"),
  "ReportInfo": obj({"name": {"type": "string"}, "description": {"type": "string"},
                     "parameters": arr(obj({"name": {"type": "string"}, "type": {"type": "string"},
                        "required": {"type": "boolean"}, "default": nul(S), "help": {"type": "string"}}, ["name", "type", "required"]))},
                    ["name", "parameters"]),
  "User": obj({"id": {"type": "integer"}, "login": {"type": "string"}, "name": nul(S),
               "role": {"enum": ["viewer", "editor", "admin"]}, "disabled": {"type": "boolean"},
               "active_tokens": {"type": "integer"},
               "password": {"type": "string", "description": "a generated password, in the answer to POST only, shown once"}},
              ["id", "login", "role", "disabled"], desc="tracker user list --json rows (never a hash)"),
  "UserInput": obj({"login": {"type": "string"}, "role": {"enum": ["viewer", "editor", "admin"]}, "name": {"type": "string"},
                    "password": {"type": "string", "description": "at least 12 bytes; absent: one is generated and answered once"}},
                   ["login", "role"], extra=False),
  "UserPatch": obj({"role": {"enum": ["viewer", "editor", "admin"]}, "name": nul(S), "disabled": {"type": "boolean"},
                    "password": {"type": "string"}}, extra=False),
  "Token": obj({"id": {"type": "integer"}, "account_id": {"type": "integer"}, "login": {"type": "string"}, "name": nul(S),
                "scope": {"enum": ["read", "write"]}, "expires_on": nul(S), "state": {"type": "string"}},
               ["id", "login", "scope", "state"], desc="tracker token list --json rows (never the token or its hash)"),
  "TokenInput": obj({"user": {"type": "string"}, "scope": {"enum": ["read", "write"]}, "name": {"type": "string"},
                     "expires_on": date}, ["user", "scope"], extra=False),
  "NewToken": obj({"id": {"type": "integer"}, "user": {"type": "string"}, "scope": {"type": "string"},
                   "token": {"type": "string", "description": "trk_...: shown this once, kept only as a hash"}},
                  ["id", "user", "scope", "token"]),
  "Override": obj({"date": date, "reason": {"type": "string"}}, ["date", "reason"], extra=False),
  "OverrideResult": obj({"id": {"type": "integer"}, "due_on": {"type": "string"}, "revision": {"type": "integer"},
                         "status": {"type": "string"}, "override_due": nul(S), "override_reason": nul(S), "computed": nul(S)},
                        ["id", "due_on", "revision", "status"]),
  "CaseParty": obj({"party": {"type": "string"}, "role": {"type": "string"}}, ["party", "role"], extra=False),
  "Feed": obj({"id": {"type": "integer"}, "name": {"type": "string"}, "case_id": nul("integer"), "jurisdiction": nul(S),
               "tag": nul(S), "include_events": {"type": "boolean"}, "alarms": {"type": ["array", "null"], "items": {"type": "integer"}},
               "reminders": {"type": ["array", "null"], "items": {"type": "integer"}}, "created_at": {"type": "string"},
               "revoked_at": nul(S),
               "path": {"type": "string", "description": "/feeds/TOKEN.ics: in the answer to POST only, shown once"},
               "token": {"type": "string", "description": "the feed's secret, in the answer to POST only"}},
              ["id", "name", "include_events", "created_at"]),
  "FeedInput": obj({"case": {"type": ["string", "integer"]}, "jurisdiction": {"type": "string"}, "tag": {"type": "string"},
                    "all": {"type": "boolean"}, "name": {"type": "string"}, "include_events": {"type": "boolean"},
                    "alarms": {"type": "string", "description": "e.g. \"7d,1d\" (tracker feed create --alarms)"},
                    "reminders": {"type": "string", "description": "e.g. \"7d\""}}, extra=False,
                   desc="exactly one of case, jurisdiction, tag, all: true"),
  "Hook": obj({"id": {"type": "integer"}, "url": {"type": "string"}, "events": arr({"enum": EVENT_TYPES}),
               "case_id": nul("integer"), "jurisdiction": nul(S), "tag": nul(S),
               "due_soon": {**nul(S), "description": "offsets before the due date, e.g. \"7d,1d\" (null: none)"},
               "allow_private": {"type": "boolean"}, "owner_account_id": nul("integer"), "owner": {**nul(S), "description": "the owner's login (null for a hook made with the CLI)"},
               "description": nul(S), "enabled": {"type": "boolean"}, "disabled_at": nul(S), "disabled_reason": nul(S),
               "failing_since": nul(S), "created_at": ts, "updated_at": ts,
               "deliveries": obj({"pending": {"type": "integer"}, "delivered": {"type": "integer"}, "failed": {"type": "integer"}},
                                 ["pending", "delivered", "failed"])},
              ["id", "url", "events", "allow_private", "enabled", "created_at", "deliveries"], extra=False,
              desc="a webhook (tracker hook list); never its secret"),
  "HookInput": obj({"url": {"type": "string"}, "events": {"oneOf": [arr({"enum": EVENT_TYPES + ["all"]}), {"type": "string", "description": "\"a,b\" or \"all\""}]},
                    "case_id": {"type": ["string", "integer", "null"]}, "jurisdiction": nul(S), "tag": nul(S),
                    "due_soon": {**nul(S), "description": "e.g. \"7d,1d\" (the default with deadline.due_soon)"},
                    "secret": {"type": "string", "minLength": 16, "maxLength": 200, "description": "signs every delivery; never answered"},
                    "allow_private": {"type": "boolean", "description": "admin only"}, "description": nul(S)},
                   ["url", "events", "secret"], extra=False, desc="tracker hook add: at most one of case_id, jurisdiction, tag"),
  "HookPatch": obj({"url": {"type": "string"}, "events": {"oneOf": [arr({"type": "string"}), {"type": "string"}]},
                    "case_id": {"type": ["string", "integer", "null"]}, "jurisdiction": nul(S), "tag": nul(S), "due_soon": nul(S),
                    "secret": {"type": "string"}, "allow_private": {"type": "boolean"}, "description": nul(S),
                    "enabled": {"type": "boolean", "description": "false disables the hook (its deliveries wait); true enables it again"}},
                   extra=False, desc="tracker hook edit as a JSON Merge Patch"),
  "Delivery": obj({"id": {"type": "integer"}, "event_id": {"type": "string"}, "type": {"type": "string"},
                   "state": {"enum": ["pending", "delivered", "failed"]}, "attempts": {"type": "integer"},
                   "next_attempt_at": nul(S), "last_code": nul("integer"), "last_error": nul(S), "delivered_at": nul(S),
                   "created_at": ts,
                   "attempt_log": arr(obj({"attempt": {"type": "integer"}, "started_at": ts, "latency_ms": {"type": "integer"},
                                           "outcome": {"type": "string"}, "response_code": nul("integer"), "error": nul(S),
                                           "next_attempt_at": nul(S)}, ["attempt", "started_at", "latency_ms", "outcome"]))},
                  ["id", "event_id", "type", "state", "attempts", "attempt_log"], desc="tracker hook deliveries: one delivery with every attempt"),
  "Calendar": obj({"jurisdiction": {"type": "string"}, "year": {"type": "integer"}, "working_days": {"type": "integer"},
                   "non_working_days": {"type": "integer"},
                   "days": arr(obj({"day": date, "weekday": {"type": "string"}, "working": {"type": "boolean"}, "kind": {"type": "string"},
                                    "name": nul(S), "procedural": nul(S), "employment": nul(S)}, ["day", "working", "kind"]))},
                  ["jurisdiction", "year", "working_days", "non_working_days", "days"]),
  "Jurisdiction": obj({"code": {"type": "string"}, "name": {"type": "string"}}, ["code", "name"]),
  "Rule": obj({"id": {"type": "integer"}, "code": {"type": "string"}, "jurisdiction": {"type": "string"},
               "kind": {"type": "string"}, "title": nul(S), "basis": nul(S), "retired": {"type": "boolean"}},
              ["id", "code", "jurisdiction", "kind"]),
}

def problem(desc): return {"description": desc, "content": {"application/problem+json": {"schema": ref("Problem")}}}
def ok(desc, schema, status="200", headers=None, ctype="application/json"):
    r = {"description": desc, "content": {ctype: {"schema": schema}}}
    if headers: r["headers"] = headers
    return {status: r}
H_ETAG = {"ETag": {"schema": {"type": "string"}, "description": "strong ETag of the representation (If-Match on PATCH)"}}
H_LOC = {"Location": {"schema": {"type": "string"}}, **H_ETAG}

def common(write, public=False):
    r = {} if public else {"401": problem("no or bad credentials (the same answer whatever was wrong)"),
                           "403": problem("the account's role or the token's scope does not allow it"),
                           "429": {"description": "too many requests or failed authentications; see Retry-After",
                                   "headers": {"Retry-After": {"schema": {"type": "string"}}},
                                   "content": {"application/problem+json": {"schema": ref("Problem")}}}}
    r["400"] = problem("bad input: unknown query parameters, invalid values; errors[] names each")
    r["404"] = problem("no such resource")
    r["405"] = problem("method not allowed (see Allow)")
    r["500"] = problem("the server failed (details in its log)")
    r["503"] = problem("the database is unavailable or the server is busy")
    if write:
        r["409"] = problem("a record with this id exists, or an Idempotency-Key was used with another request")
        r["413"] = problem("body too large")
        r["415"] = problem("the body is not JSON")
    return r

def q(name, desc, schema=None, required=False):
    return {"name": name, "in": "query", "required": required, "description": desc, "schema": schema or {"type": "string"}}
LIMIT = q("limit", "items per page, 1 to 500 (default 50)", {"type": "integer", "minimum": 1, "maximum": 500})
CURSOR = q("cursor", "next_cursor of the previous page")
ASOF = q("as_of", "statuses as of this date (default today)", date)
def p(name, desc="numeric id or external id"):
    return {"name": name, "in": "path", "required": True, "description": desc, "schema": {"type": "string"}}
IDEM = {"name": "Idempotency-Key", "in": "header", "required": False, "description": "a retried POST with the same key gets the same answer and creates one record", "schema": {"type": "string", "maxLength": 200}}
IFMATCH = {"name": "If-Match", "in": "header", "required": True, "description": "the ETag the change is based on (412 when stale, 428 when missing)", "schema": {"type": "string"}}

def op(summary, responses, params=(), body=None, write=False, public=False, role=None, tag=None):
    o = {"summary": summary, "parameters": list(params), "responses": {**responses, **common(write, public)}}
    if public: o["security"] = []
    if role: o["x-tracker-role"] = role
    else: o["x-tracker-role"] = "public" if public else ("editor" if write else "viewer")
    if tag: o["tags"] = [tag]
    if body: o["requestBody"] = body
    return o

def jbody(schema, merge=False, desc=None):
    c = {"application/json": {"schema": schema}}
    if merge: c = {"application/merge-patch+json": {"schema": schema}, "application/json": {"schema": schema}}
    b = {"required": True, "content": c}
    if desc: b["description"] = desc
    return b

def patch_op(summary, schema, tag):
    o = op(summary, ok("the changed resource", ref(schema), headers=H_ETAG), [p("id"), IFMATCH],
           jbody({"type": "object"}, merge=True, desc="a JSON Merge Patch (RFC 7396) of the resource's JSON; read-only fields and the id cannot change"),
           write=True, tag=tag)
    o["responses"]["412"] = problem("the resource changed since the ETag given in If-Match")
    o["responses"]["428"] = problem("If-Match is missing")
    return o

def with_412(o, r428=True):
    o["responses"]["412"] = problem("the resource changed since the ETag given in If-Match")
    if r428: o["responses"]["428"] = problem("If-Match is missing")
    return o

def get_one(summary, schema, tag, params=None):
    r = ok(summary, ref(schema), headers=H_ETAG)
    r["304"] = {"description": "If-None-Match matched"}
    return op(summary, r, params if params is not None else [p("id")], tag=tag)

def post_op(summary, inp, out, tag, params=()):
    return op(summary, ok("created", ref(out), "201", H_LOC), list(params) + [IDEM], jbody(ref(inp)), write=True, tag=tag)

def queue_op(summary, params):
    o = op(summary, ok("queued: pending and due now; the server never sends it itself (NOTIFY tracker_outbox wakes tracker notify)",
                       ref("Delivery"), "202", {"Location": {"schema": {"type": "string"}, "description": "the hook's deliveries list"}}),
           params, {"required": False, "description": "none, or an empty object",
                    "content": {"application/json": {"schema": obj({}, extra=False)}}},
           write=True, role="editor", tag="hooks")
    o["responses"]["409"] = problem("the hook is disabled (its deliveries wait: enable it first), or an Idempotency-Key was used with another request")
    return o

paths = {
  "/openapi.json": {"get": op("this document", ok("OpenAPI 3.1", {"type": "object"}), public=True, tag="meta")},
  "/me": {"get": op("the account of the credentials", ok("the account", ref("Me")), tag="meta")},
  "/cases": {
    "get": op("list cases (tracker case list --json rows), by id", ok("a page", page(ref("CaseListItem"))),
              [LIMIT, CURSOR, q("q", "title contains (case-insensitive)"), q("jurisdiction", "jurisdiction code"),
               q("tag", "has this tag"), q("procedure", "procedure"), q("status", "status"), ASOF], tag="cases"),
    "post": post_op("create a case (an interchange case record, optionally with events)", "CaseInput", "Case", "cases")},
  "/cases/{id}": {
    "get": get_one("one case (its interchange record without events, and read-only fields)", "Case", "cases"),
    "patch": patch_op("patch a case", "Case", "cases")},
  "/cases/{id}/history": {"get": op("the case's audited changes (tracker history --json), naming the account", ok("history", page(ref("HistoryEntry"))), [p("id")], tag="cases")},
  "/cases/{id}/parties": {
    "get": op("the case's parties and their roles", ok("all", page(ref("CaseParty"))), [p("id")], tag="cases"),
    "post": op("link a party to the case with a role", ok("linked", ref("CaseParty"), "201", {"Location": {"schema": {"type": "string"}}}),
               [p("id"), IDEM], jbody(ref("CaseParty")), write=True, tag="cases")},
  "/cases/{id}/timeline": {"get": op("the case's timeline: TimelineJS JSON, or ?format=html for the self-contained page",
                                     {"200": {"description": "the timeline", "content": {"application/json": {"schema": {"type": "object"}},
                                                                                         "text/html": {"schema": {"type": "string"}}}}},
                                     [p("id"), q("format", "timelinejs (default) or html", {"enum": ["timelinejs", "html"]})], tag="cases")},
  "/cases/{id}/calendar.ics": {"get": op("the case's deadlines as iCalendar (tracker export ics --case)",
                                         {"200": {"description": "the calendar", "content": {"text/calendar": {"schema": {"type": "string"}}}}},
                                         [p("id")], tag="cases")},
  "/cases/{id}/events": {
    "get": op("the case's events (interchange records), by id", ok("a page", page(ref("EventListItem"))), [p("id"), LIMIT, CURSOR], tag="events"),
    "post": post_op("record an event (with its fine and explicit deadlines); the deadline engine runs", "EventInput", "Event", "events", [p("id")])},
  "/events/{id}": {
    "get": get_one("one event with the deadlines it produced", "Event", "events"),
    "patch": patch_op("patch an event (a new date recomputes its deadlines, with new revisions)", "Event", "events"),
    "delete": {**with_412(op("delete a mistaken event (tracker event delete): its deadlines are cancelled",
                    {"204": {"description": "deleted"}},
                    [p("id"), q("cascade", "also delete its fine, cancel its met deadlines, recompute the others", {"enum": ["true", "false"]}),
                     {**IFMATCH, "required": False, "description": "when given, the ETag the deletion is based on (412 when stale)"}],
                    write=True, tag="events"), False),
               }},
  "/events/{id}/history": {"get": op("the event's audited changes", ok("history", page(ref("HistoryEntry"))), [p("id")], tag="events")},
  "/fines": {"get": op("fines with their equivalents", ok("a page", page(ref("FineListItem"))),
                       [LIMIT, CURSOR, q("case", "only this case"), q("paid", "true or false", {"enum": ["true", "false"]})], tag="fines")},
  "/fines/{id}": {"get": get_one("one fine", "Fine", "fines", [p("id", "numeric fine id")]),
                  "patch": patch_op("patch a fine (mark it paid: {\"paid\": true, \"paid_on\": \"2018-01-10\"})", "Fine", "fines")},
  "/deadlines": {"get": op("deadlines (tracker deadline list --json rows), by due date",
                           ok("a page", {**page(ref("Deadline")), "properties": {**page(ref("Deadline"))["properties"], "as_of": {"type": "string"}}}),
                           [LIMIT, CURSOR, q("case", "case id or external id"), q("status", "open, met, missed, ..."),
                            q("upcoming", "open and due within DAYS", {"type": "integer", "minimum": 0}),
                            q("overdue", "only missed ones", {"enum": ["true", "false"]}), ASOF, q("kind", "deadline kind"),
                            q("jurisdiction", "cases of this jurisdiction"), q("tag", "cases with this tag"),
                            q("procedure", "cases of this procedure")], tag="deadlines")},
  "/deadlines/{id}": {"get": get_one("one deadline with its explanation and revisions", "DeadlineDetail", "deadlines", [p("id"), ASOF])},
  "/deadlines/{id}/history": {"get": op("the deadline's audited changes", ok("history", page(ref("HistoryEntry"))), [p("id")], tag="deadlines")},
  "/deadlines/{id}/override": {
    "post": op("set the date by hand (tracker deadline override --due --reason)", ok("the deadline", ref("OverrideResult")),
               [p("id")], jbody(ref("Override")), write=True, tag="deadlines"),
    "delete": op("return to the computed date (tracker deadline override --clear)", ok("the deadline", ref("OverrideResult")),
                 [p("id")], write=True, tag="deadlines")},
  "/parties": {"get": op("parties", ok("a page", page(ref("Party"))), [LIMIT, CURSOR], tag="parties"),
               "post": post_op("create a party (interchange party record)", "Party", "Party", "parties")},
  "/parties/{id}": {"get": get_one("one party", "Party", "parties"), "patch": patch_op("patch a party (its name or kind)", "Party", "parties")},
  "/bodies": {"get": op("courts and authorities", ok("a page", page(ref("Body"))), [LIMIT, CURSOR], tag="bodies"),
              "post": post_op("create a body (interchange body record)", "Body", "Body", "bodies")},
  "/bodies/{id}": {"get": get_one("one body", "Body", "bodies"), "patch": patch_op("patch a body", "Body", "bodies")},
  "/sources": {"get": op("sources", ok("a page", page(ref("Source"))), [LIMIT, CURSOR], tag="sources"),
               "post": post_op("create a source (interchange source record)", "Source", "Source", "sources")},
  "/sources/{id}": {"get": get_one("one source", "Source", "sources"), "patch": patch_op("patch a source (title, publisher, dates)", "Source", "sources")},
  "/import": {"post": op("import interchange JSON or JSON Lines (tracker import): every error with its JSON path, nothing written on error",
                         ok("what was written", ref("ImportResult")), [q("dry_run", "validate only", {"enum": ["true", "false"]}), IDEM],
                         {"required": True, "content": {"application/json": {"schema": ref("Interchange")},
                                                         "application/x-ndjson": {"schema": {"type": "string"}}}},
                         write=True, tag="import")},
  "/export": {"get": op("export interchange JSON (tracker export json)", ok("the document", ref("Interchange")), [q("case", "only this case")], tag="import")},
  "/changes": {"get": op("recent audited changes, newest first", ok("a page", page(ref("Change"))), [LIMIT, CURSOR], tag="meta")},
  "/reports": {"get": op("the reports and their parameters", ok("reports", page(ref("ReportInfo"))), tag="reports")},
  "/reports/{name}": {"get": op("run a report (tracker report NAME); parameters as query parameters; Accept: text/csv or format=csv for CSV",
                                {"200": {"description": "the report", "content": {"application/json": {"schema": {"type": "object"}},
                                                                                  "text/csv": {"schema": {"type": "string"}}}}},
                                [p("name", "report name"), q("format", "json (default) or csv", {"enum": ["json", "csv"]})], tag="reports")},
  "/jurisdictions": {"get": op("jurisdictions", ok("all", page(ref("Jurisdiction"))), tag="reference")},
  "/calendars/{jurisdiction}/{year}": {"get": get_one("a jurisdiction's working-day calendar for a year (tracker calendar show --json --all)",
      "Calendar", "reference", [p("jurisdiction", "e.g. RU"), p("year", "e.g. 2017")])},
  "/rules": {"get": op("deadline rules", ok("all", page(ref("Rule"))), tag="reference")},
  "/users": {"get": op("accounts (tracker user list)", ok("all", page(ref("User"))), role="admin", tag="admin"),
             "post": op("create an account (tracker user add)", ok("created", ref("User"), "201", {"Location": {"schema": {"type": "string"}}}),
                        [IDEM], jbody(ref("UserInput")), write=True, role="admin", tag="admin")},
  "/users/{login}": {"get": op("one account", ok("the account", ref("User"), headers=H_ETAG), [p("login", "the login")], role="admin", tag="admin"),
                     "patch": {**with_412(op("change role, name, password or disable (tracker user edit|disable|enable|passwd)",
                                    ok("the account", ref("User")), [p("login", "the login"), IFMATCH],
                                    jbody(ref("UserPatch"), merge=True), write=True, role="admin", tag="admin"))}},
  "/tokens": {"get": op("API tokens (tracker token list)", ok("all", page(ref("Token"))), role="admin", tag="admin"),
              "post": op("create a token (tracker token create): the token is answered once", ok("created", ref("NewToken"), "201", {"Location": {"schema": {"type": "string"}}}),
                         [IDEM], jbody(ref("TokenInput")), write=True, role="admin", tag="admin")},
  "/feeds": {"get": op("calendar feeds (tracker feed list)", ok("all", page(ref("Feed"))), role="admin", tag="admin"),
             "post": op("create a feed: the answer holds its secret path once (tracker feed create)",
                        ok("created", ref("Feed"), "201", {"Location": {"schema": {"type": "string"}}}),
                        [IDEM], jbody(ref("FeedInput")), write=True, role="admin", tag="admin")},
  "/feeds/{id}": {"delete": op("revoke a feed: its URL answers 404 from then on", {"204": {"description": "revoked"}},
                               [p("id", "numeric feed id")], write=True, role="admin", tag="admin")},
  "/hooks": {"get": op("webhooks (tracker hook list): an editor's own, all for an admin", ok("a page", page(ref("Hook"))), [LIMIT, CURSOR], role="editor", tag="hooks"),
             "post": op("add a webhook (tracker hook add), owned by the caller; the secret is never answered",
                        ok("created", ref("Hook"), "201", H_LOC), [IDEM], jbody(ref("HookInput")), write=True, role="editor", tag="hooks")},
  "/hooks/{id}": {"get": op("one webhook (another editor's hook is 404)", ok("the hook", ref("Hook"), headers=H_ETAG), [p("id", "numeric hook id")], role="editor", tag="hooks"),
                  "patch": with_412(op("change a webhook (tracker hook edit|disable)", ok("the hook", ref("Hook"), headers=H_ETAG),
                                       [p("id", "numeric hook id"), IFMATCH], jbody(ref("HookPatch"), merge=True), write=True, role="editor", tag="hooks")),
                  "delete": with_412(op("delete a webhook and its deliveries (tracker hook delete)", {"204": {"description": "deleted"}},
                                        [p("id", "numeric hook id"), IFMATCH], write=True, role="editor", tag="hooks"))},
  "/hooks/{id}/deliveries": {"get": op("the hook's deliveries, newest first, with every attempt (tracker hook deliveries)",
                                       ok("a page", page(ref("Delivery"))), [p("id", "numeric hook id"), LIMIT, CURSOR], role="editor", tag="hooks")},
  "/hooks/{id}/test": {"post": queue_op("queue a hook.test delivery to the hook (tracker hook test); `tracker notify` sends it",
                                        [p("id", "numeric hook id"), IDEM])},
  "/hooks/{id}/deliveries/{delivery_id}/redeliver": {"post": queue_op("queue one of the hook's deliveries again, due now, with the same event id (tracker hook redeliver); `tracker notify` sends it",
                                                                      [p("id", "numeric hook id"), p("delivery_id", "numeric delivery id of this hook (another hook's is 404)"), IDEM])},
  "/tokens/{id}": {"delete": op("revoke a token (tracker token revoke)", {"204": {"description": "revoked"}},
                                [p("id", "numeric token id")], write=True, role="admin", tag="admin")},
}

doc = {
  "openapi": "3.1.0",
  "info": {"title": "tracker API", "version": "1",
           "description": "The JSON API of tracker serve --app. Records are written as records of the interchange format (docs/interchange.md) and validated by the importer: errors name JSON paths, nothing is written on error. Errors are RFC 9457 problems. See docs/api.md."},
  "servers": [{"url": "/api/v1"}],
  "security": [{"bearer": []}, {"session": []}],
  "paths": paths,
  "components": {
    "securitySchemes": {
      "bearer": {"type": "http", "scheme": "bearer", "description": "an API token from tracker token create (trk_...)"},
      "session": {"type": "apiKey", "in": "cookie", "name": "tracker_session", "description": "the web application's session; writes also need X-CSRF-Token"}},
    "schemas": schemas},
}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs", "openapi.json")
with open(out, "w") as f:
    json.dump(doc, f, indent=1, ensure_ascii=False)
    f.write("\n")
