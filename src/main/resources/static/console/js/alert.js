// One alert as the story of the attack: the rule, the join keys, and its events on a timeline.
import { api } from './api.js';
import { buildingBlockBadge, fill, h, field, problem, severityBadge, show, utc } from './dom.js';

/** The fields an analyst reads first, in the order the story needs them. */
const STORY_FIELDS = [
  ['event', ['event.category', 'event.type', 'event.action']],
  ['process', ['process.name', 'process.pid', 'process.executable', 'process.args', 'process.working_directory']],
  ['parent', ['process.parent.name', 'process.parent.pid', 'process.parent.executable']],
  ['destination', ['destination.ip', 'destination.port', 'source.ip', 'source.port', 'network.transport']],
  ['user', ['user.name', 'user.id']],
];

/** Field names in an EQL query outside its string constants: the fields a stage tests. */
export function queryFields(text) {
  const withoutStrings = (text || '').replace(/"""[\s\S]*?"""|"(?:[^"\\]|\\.)*"/g, ' ');
  const names = withoutStrings.match(/[A-Za-z_@][\w@]*(?:\.[A-Za-z_@][\w@]*)+/g) || [];
  return new Set(names);
}

/** The bracketed stages of a sequence, or the whole query: the field set of each. */
function stageFields(text) {
  const stages = [];
  let depth = 0;
  let start = -1;
  const plain = (text || '').replace(/"""[\s\S]*?"""|"(?:[^"\\]|\\.)*"/g, (s) => ' '.repeat(s.length));
  for (let i = 0; i < plain.length; i++) {
    if (plain[i] === '[') { if (depth++ === 0) start = i; }
    else if (plain[i] === ']' && --depth === 0) stages.push(queryFields(text.slice(start, i)));
  }
  return stages.length ? stages : [queryFields(text)];
}

/** @timestamp in epoch milliseconds, sub-millisecond digits truncated as the engine does. */
function millis(document) {
  return Date.parse(show(field(document, '@timestamp')).replace(/(\.\d{3})\d+/, '$1'));
}

export function alertPage(root, id, context) {
  fill(root, h('p.note', 'Loading alert ' + id + ' …'));
  (async () => {
    let alert;
    try {
      alert = await api('/api/v1/alerts/' + encodeURIComponent(id));
    } catch (error) {
      if (error.status === 401) context.onUnauthorized();
      fill(root, h('p', h('a', { href: '#/alerts' }, '← Alerts')), problem(error));
      return;
    }
    let rule = null;
    try {
      rule = (await api('/api/v1/rules/' + encodeURIComponent(alert.rule.id))).rule;
    } catch (notLoadedAnyMore) {
      rule = null;
    }
    render(root, alert, rule);
  })();
  return { stop: () => {} };
}

function render(root, alert, rule) {
  const events = alert.events || [];
  const start = events.length ? millis(events[0]) : NaN;
  const fieldsByStage = rule ? stageFields(rule.query) : [];
  const joinKeys = Object.entries(alert.join_keys || {});
  const raw = h('div', { id: 'raw' });

  const rows = events.map((event, i) => {
    const offset = millis(event) - start;
    const tested = fieldsByStage[i] || new Set();
    const keyNames = new Set(joinKeys.map(([name]) => name));
    const lines = [];
    for (const [, names] of STORY_FIELDS) {
      for (const name of names) {
        const value = field(event, name);
        if (value === undefined || value === null || show(value) === '') continue;
        const hit = tested.has(name) || keyNames.has(name);
        lines.push(h('span.k', name), h('span.v' + (hit ? '.hit' : ''), { title: hit ? 'tested by the rule' : null }, show(value)));
      }
    }
    return h('tr', { dataset: { stage: String(i + 1) } },
      h('td.offset', isNaN(offset) ? '?' : '+' + offset + ' ms'),
      h('td.stage', h('span.stage-chip', 'stage ' + (i + 1) + '/' + events.length)),
      h('td.mono', utc(field(event, '@timestamp')), h('br'), h('span.note', show(field(event, 'event.id')))),
      h('td', h('div.fields', lines)));
  });

  const threats = (alert.rule.threat || []).map((threat) => h('div',
    h('a', { href: threat.tactic.reference, target: '_blank', rel: 'noopener noreferrer' },
      threat.tactic.name + ' (' + threat.tactic.id + ')'),
    ' · ',
    (threat.technique || []).map((technique) => [
      h('a', { href: technique.reference, target: '_blank', rel: 'noopener noreferrer' }, technique.id + ' ' + technique.name),
      (technique.subtechnique || []).map((sub) => [' › ',
        h('a', { href: sub.reference, target: '_blank', rel: 'noopener noreferrer' }, sub.id + ' ' + sub.name)]),
      ' ']),
  ));

  async function showJson(title, path, name) {
    try {
      const data = await api(path);
      const text = JSON.stringify(data, null, 2);
      const link = h('a', { href: URL.createObjectURL(new Blob([text], { type: 'application/json' })), download: name }, 'download');
      fill(raw, h('h2', title), h('p', h('span.mono', path), ' · ', link), h('pre.json', text));
    } catch (error) {
      fill(raw, problem(error));
    }
  }

  const revision = [];
  if (alert.revises) {
    revision.push(h('p', { id: 'revises' }, 'This chain revises alert ',
      h('a.mono', { href: '#/alert/' + encodeURIComponent(alert.revises) }, alert.revises),
      ': a late event rearranged it.'));
  }
  for (const other of alert.also_revises || []) {
    revision.push(h('p', 'It also revises ', h('a.mono', { href: '#/alert/' + encodeURIComponent(other) }, other), '.'));
  }

  const span = events.length ? millis(events[events.length - 1]) - start : 0;
  fill(root,
    h('p', h('a', { href: '#/alerts' }, '← Alerts')),
    h('h1', { id: 'alert-title' }, severityBadge(alert.rule.severity), ' ', alert.rule.name, buildingBlockBadge(alert.rule)),
    h('p.story', { id: 'story' }, alert.reason),
    h('div.grid2',
      h('div.panel',
        h('dl.kv',
          h('dt', 'alert'), h('dd', alert.id),
          h('dt', 'detected'), h('dd', utc(alert.detected_at)),
          h('dt', 'chain'), h('dd', events.length + ' events in ' + span + ' ms, ' + utc(alert.first_event_at) + ' → '
            + utc(alert.last_event_at)),
          h('dt', 'risk score'), h('dd', String(alert.rule.risk_score)),
          h('dt', 'rule'), h('dd', alert.rule.id + ' v' + alert.rule.version),
          joinKeys.map(([name, value]) => [h('dt', 'join key'), h('dd', { dataset: { key: name } }, name + ' = ' + show(value))]))),
      h('div.panel', { id: 'mitre' }, h('h2', 'MITRE ATT&CK'), threats.length ? threats : h('p.note', 'no mapping'))),
    revision,
    h('h2', 'Timeline'),
    h('table.timeline', { id: 'timeline' },
      h('thead', h('tr', h('th', 'offset'), h('th', 'stage'), h('th', '@timestamp / event.id'),
        h('th', 'what happened (bold: tested by the rule or a join key)'))),
      h('tbody', rows)),
    h('div.actions',
      h('button.secondary', { type: 'button', id: 'show-raw', onclick: () =>
        showJson('Raw documents', '/api/v1/alerts/' + encodeURIComponent(alert.id), alert.id + '.json') }, 'Raw documents'),
      h('button.secondary', { type: 'button', id: 'show-elastic', onclick: () =>
        showJson('Kibana-shaped export', '/api/v1/alerts/' + encodeURIComponent(alert.id) + '?format=elastic',
          alert.id + '-elastic.json') }, 'Kibana-shaped export')),
    raw,
    rule ? [h('h2', 'Rule query'), h('pre.query', rule.query)] : h('p.note', 'The rule is no longer loaded.'));
}
