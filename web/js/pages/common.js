// common.js: pieces several pages draw the same way.
import {h} from '../dom.js';

export const caseRef = (c) => (c.external_id ? c.external_id : String(c.id));

export function statusBadge(status) {
  return h('span', {class: `badge st-${String(status || '').replace(/[^a-z_]/g, '')}`}, String(status || '').replace(/_/g, ' '));
}

export function deadlineRow(d) {
  return {
    due: h('span', {class: 'date'}, d.due_on,
      d.later_on ? h('span', {class: 'later', title: d.later_reason || ''}, ` (may be later: ${d.later_on})`) : null),
  };
}

export function dlList(pairs) {
  return h('dl', {class: 'facts'}, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

export const today = () => new Date().toISOString().slice(0, 10);

export const kinds = ['appeal', 'response', 'grace', 'compliance', 'payment', 'in_force', 'block_possible', 'answer', 'other'];
export const procedures = ['administrative_offence', 'civil', 'arbitrazh', 'administrative', 'criminal', 'regulator_decision', 'unknown'];
export const eventTypes = ['request', 'complaint', 'hearing', 'ruling', 'fine', 'appeal_filed', 'appeal_decided', 'order',
  'compliance', 'block', 'block_lifted', 'payment', 'settlement', 'registration', 'statement', 'other'];
export const outcomes = ['granted', 'rejected', 'partly_granted', 'vacated', 'remanded', 'dismissed', 'upheld'];
export const serviceMethods = ['personal', 'mail', 'electronic', 'other'];
export const caseStatuses = ['open', 'closed', 'settled', 'appealed', 'stayed'];
