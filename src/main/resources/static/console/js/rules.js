// Rules: every rule file with its status (loaded, skipped and why, failed and where), its query and metrics.
import { api } from './api.js';
import { buildingBlockBadge, fill, h, problem, severityBadge } from './dom.js';

/** The reload summary in one sentence: loaded, skipped by reason, failed, states dropped, warnings. */
function describe(summary) {
  if (!summary || typeof summary.loaded !== 'number') return '';
  const skipped = Object.entries(summary.skipped || {});
  const total = skipped.reduce((sum, [, count]) => sum + count, 0);
  return [summary.loaded + ' loaded, ' + total + ' skipped'
    + (skipped.length ? ' (' + skipped.map(([reason, count]) => reason + ' ' + count).join(', ') + ')' : '')
    + ', ' + (summary.failed || 0) + ' failed'
    + (summary.dropped_states ? '; ' + summary.dropped_states + ' partial chains of changed rules dropped' : '') + '.',
  (summary.warnings || []).map((warning) => h('p.note', warning))];
}

function where(file) {
  if (file.line == null) return '';
  return 'line ' + file.line + (file.column != null ? ', column ' + file.column : '');
}

export function rulesPage(root, context) {
  const list = h('div', { id: 'rules' });
  const result = h('div', { id: 'reload-result' });
  const reload = context.access.admin
    ? h('button', { type: 'button', id: 'reload', onclick: doReload }, 'Reload rules')
    : null;
  fill(root, h('h1', 'Rules'),
    h('div.actions', reload, context.access.admin ? null : h('span.note', 'Reloading rules takes an admin key.')),
    result, list);

  async function doReload() {
    reload.disabled = true;
    fill(result, h('p.note', 'Reloading …'));
    try {
      const summary = await api('/api/v1/rules/_reload', { method: 'POST' });
      fill(result, h('div.panel', h('strong.ok', 'Reloaded: '), describe(summary),
        h('details', h('summary', 'answer'), h('pre.json', JSON.stringify(summary, null, 2)))));
      await load();
    } catch (error) {
      const absent = error.status === 404 || error.status === 405;
      fill(result, h('div.panel', h('strong.bad', 'Reload refused. '), absent
        ? h('p.note', 'This SeqWatch cannot reload rules while running (no POST /api/v1/rules/_reload): restart it.')
        : problem(error)));
    } finally {
      reload.disabled = false;
    }
  }

  async function load() {
    try {
      const [loaded, files, stats] = await Promise.all([api('/api/v1/rules'), api('/api/v1/rules/files'),
        api('/api/v1/rules/stats')]);
      const byId = new Map(loaded.map((entry) => [entry.rule.rule_id, entry.rule]));
      const costs = new Map(stats.map((cost) => [cost.rule_id, cost]));
      const summary = files.length + ' rule files: ' + ['loaded', 'skipped', 'failed'].map((status) =>
        files.filter((file) => file.status === status).length + ' ' + status).join(' · ');
      fill(list,
        h('p', { id: 'rules-summary' }, summary),
        files.map((file) => card(file, byId.get(file.rule_id), costs.get(file.rule_id))));
    } catch (error) {
      if (error.status === 401) context.onUnauthorized();
      fill(list, problem(error));
    }
  }

  load();
  return { stop: () => {} };
}

function card(file, rule, cost) {
  const status = file.status || 'loaded';
  const detail = status === 'loaded' ? null : h('p.rule-reason', { dataset: { reason: file.reason || '' } },
    h('strong.st-' + status, status === 'skipped' ? 'Skipped' : 'Failed'),
    file.reason ? ' (' + file.reason + ')' : '', ': ', file.message || '',
    where(file) ? h('span.mono', ' at ' + where(file)) : null);
  return h('div.panel.rule', { dataset: { ruleId: file.rule_id || '', status } },
    h('div.actions',
      h('span.badge.st-' + status, status),
      rule ? severityBadge(rule.severity) : null,
      h('strong', file.name || file.rule_id || file.origin, buildingBlockBadge(rule)),
      h('span.mono.note', file.origin || '')),
    detail,
    rule ? [
      h('p.note', rule.description),
      h('div.tags', (rule.threat || []).map((threat) => h('span.tag', threat.tactic.name + ' ' +
        (threat.technique || []).map((t) => t.id).join(', ')))),
      h('pre.query', rule.query),
      cost ? metrics(file.rule_id, cost) : null] : null);
}

/** What the rule costs and finds since start, from GET /api/v1/rules/stats. */
function metrics(ruleId, cost) {
  const discards = Object.entries(cost.discards || {}).map(([reason, count]) => reason + ' ' + count).join(', ');
  return h('div.metrics', { dataset: { metrics: ruleId } },
    h('span', 'conditions tested: ', h('strong.mono', String(cost.conditions_tested))),
    h('span', ' · stage matches: ', h('strong.mono', cost.stage_matches.join(' · '))),
    h('span', ' · keys: ', h('strong.mono', String(cost.keys))),
    h('span', ' · state: ', h('strong.mono', kilobytes(cost.bytes))),
    h('span', ' · detections: ', h('strong.mono', String(cost.alerts))),
    discards ? h('span', ' · discards: ', h('span.mono', discards)) : null);
}

function kilobytes(bytes) {
  return bytes < 1024 ? bytes + ' B' : (bytes / 1024).toFixed(1) + ' KiB';
}
