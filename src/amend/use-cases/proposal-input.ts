/** Checks of the editable fields of a proposal's create or patch body (422 with JSON pointers). */
import { invalid } from '../errors.js';
import { CATEGORIES, type ProposalFile } from '../types.js';
import { isVersionNumber } from '../../base/rule-tree.js';

export const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= max;

export function checkFields(body: Record<string, unknown>, creating: boolean): void {
  const details: { pointer: string; message: string }[] = [];
  const need = (k: string, ok: boolean, msg: string) => { if ((creating || k in body) && !ok) details.push({ pointer: `/${k}`, message: msg }); };
  need('title', isText(body.title, 200) && (body.title as string).trim().length >= 3, 'title: verplichte tekst van 3 tot 200 tekens');
  need('rationale', isText(body.rationale, 20000), 'rationale: verplichte toelichting');
  if (creating) {
    need('category', CATEGORIES.includes(body.category as never), `category: een van ${CATEGORIES.join(', ')}`);
    need('protocol', body.protocol === 'RTP' || body.protocol === 'RAP', 'protocol: RTP of RAP');
    need('baseVersion', isVersionNumber(body.baseVersion), 'baseVersion: een versienummer zoals "2.0"');
  }
  if ('explanation' in body && body.explanation !== null && typeof body.explanation !== 'string') details.push({ pointer: '/explanation', message: 'explanation: tekst' });
  if ('rules' in body && !(Array.isArray(body.rules) && body.rules.every((r) => typeof r === 'string'))) details.push({ pointer: '/rules', message: 'rules: lijst van regel-ids' });
  if ('files' in body && !Array.isArray(body.files)) details.push({ pointer: '/files', message: 'files: lijst van { path, text }' });
  if (details.length) throw invalid('het voorstel is niet goed gevormd', details);
}

/** Only path and text of each file, whatever else a body held. */
export const cleanFiles = (files: ProposalFile[]): ProposalFile[] => files.map((f) => ({ path: f.path, text: f.text }));
