#!/usr/bin/python3
"""Re-encode a RECAP (juriscraper) docket JSON in the shapes of CourtListener's REST API v4.

CourtListener serves a docket (/api/rest/v4/dockets/ID/), its entries (/docket-entries/?docket=ID)
and its parties (/parties/?docket=ID) separately; tracker reads them assembled in one file: the
docket object with "docket_entries" and "parties" holding the list responses ({"next", "previous",
"results"}). Field names follow the v4 documentation (cl/api/templates/pacer-api-docs-vlatest.html
and includes/docket-endpoint.html in freelawproject/courtlistener). Only names change: values are
copied, nothing is invented (no database ids, which only CourtListener knows).

    examples/courtlistener/recap_to_v4.py ca1_46307.json > v4-ca1_46307.json
"""
import json
import sys

src = json.load(open(sys.argv[1], encoding='utf-8'))
out = {
    'court_id': src['court_id'],
    'case_name': src['case_name'],
    'docket_number': src['docket_number'],
    'date_filed': src.get('date_filed'),
    'date_terminated': src.get('date_terminated'),
    'nature_of_suit': src.get('nature_of_suit', ''),
    'cause': src.get('cause', ''),
    'appeal_from_str': src.get('appeal_from', ''),
    'appellate_case_type_information': src.get('case_type_information', ''),
    'appellate_fee_status': src.get('fee_status', ''),
}
og = src.get('originating_court_information')
if og:
    out['original_court_info'] = {
        'docket_number': og.get('docket_number'),
        'assigned_to_str': og.get('assigned_to', ''),
        'ordering_judge_str': og.get('ordering_judge', ''),
        'court_reporter': og.get('court_reporter', ''),
        'date_disposed': og.get('date_disposed'),
        'date_filed': og.get('date_filed'),
        'date_judgment': og.get('date_judgment'),
        'date_judgment_eod': og.get('date_judgment_eod'),
        'date_filed_noa': og.get('date_filed_noa'),
        'date_received_coa': og.get('date_received_coa'),
    }
    out['appeal_from'] = og.get('court_id')
entries = []
for e in src.get('docket_entries', []):
    docs = [{'document_number': e.get('document_number'), 'attachment_number': None,
             'pacer_doc_id': e.get('pacer_doc_id'), 'description': ''}]
    for a in e.get('attachments', []):
        docs.append({'document_number': e.get('document_number'),
                     'attachment_number': a.get('attachment_number'),
                     'pacer_doc_id': a.get('pacer_doc_id'),
                     'description': a.get('description', ''),
                     'page_count': a.get('page_count')})
    entries.append({
        'date_filed': e.get('date_filed'),
        # v4 docs: "Some appellate courts do not provide this number, in which case we use the
        # internal PACER document ID to populate this field."
        'entry_number': int(e['document_number']) if e.get('document_number') else None,
        'pacer_sequence_number': int(e['pacer_seq_no']) if e.get('pacer_seq_no') else None,
        'description': e.get('description', ''),
        'recap_documents': docs,
    })
out['docket_entries'] = {'next': None, 'previous': None, 'results': entries}
parties = []
for p in src.get('parties', []):
    parties.append({
        'name': p['name'],
        'extra_info': p.get('extra_info', ''),
        'party_types': [{'name': p.get('type', ''), 'date_terminated': p.get('date_terminated'),
                         'extra_info': p.get('extra_info', ''),
                         'highest_offense_level_opening': '',
                         'highest_offense_level_terminated': '',
                         'criminal_counts': [], 'criminal_complaints': []}],
        'attorneys': [],
    })
out['parties'] = {'next': None, 'previous': None, 'results': parties}
json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
sys.stdout.write('\n')
