// Query playground: run a query on pasted events and see, per event, the stage it matched or why not.
import { post } from './api.js';
import { fill, h, field, problem, show, utc } from './dom.js';
import { EXAMPLE_EVENTS, EXAMPLE_QUERY } from './example.js';

/** Events as pasted: a JSON array, one JSON object, or NDJSON (one object a line). */
export function parseEvents(text) {
  const trimmed = text.trim();
  if (!trimmed) return [];
  try {
    const value = JSON.parse(trimmed);
    return Array.isArray(value) ? value : [value];
  } catch (notOneDocument) {
    return trimmed.split('\n').map((line) => line.trim()).filter((line) => line).map((line, i) => {
      try {
        return JSON.parse(line);
      } catch (error) {
        throw new Error('line ' + (i + 1) + ' is not JSON: ' + error.message);
      }
    });
  }
}

/** Where each hit event sits in the result: _id -> {sequence, stage}. */
function placements(hits) {
  const placed = new Map();
  (hits.sequences || []).forEach((sequence, s) => sequence.events.forEach((event, i) =>
    placed.set(event._id, { sequence: s + 1, stage: i + 1 })));
  (hits.events || []).forEach((event) => placed.set(event._id, { sequence: null, stage: 1 }));
  return placed;
}

function stageName(verdict) {
  return verdict.until ? 'until' : 'stage ' + verdict.stage;
}

function mark(explained, placed, stages) {
  const where = placed.get(explained._id);
  if (where) {
    return h('span.mark-ok', { dataset: { mark: 'matched', stage: String(where.stage) } },
      where.sequence ? '✓ stage ' + where.stage + ' of sequence ' + where.sequence : '✓ matched');
  }
  const until = explained.stages.find((verdict) => verdict.until && verdict.matched);
  if (until) {
    return h('span.note', { dataset: { mark: 'until' } }, 'matches until: ends the pending sequences of its join keys');
  }
  const satisfied = explained.stages.filter((verdict) => verdict.matched);
  if (satisfied.length) {
    return h('span.note', { dataset: { mark: 'unjoined' } },
      'satisfies ' + satisfied.map(stageName).join(', ') + ' but is in no result'
        + (stages > 1 ? ' (no chain with the same join keys, in order, within maxspan)' : ''));
  }
  return h('div', { dataset: { mark: 'failed' } }, explained.stages.filter((verdict) => !verdict.until).map((verdict) =>
    h('div.mark-no', h('span', '✗ ' + (stages > 1 ? stageName(verdict) + ': ' : '')),
      h('code.failed', verdict.failed))));
}

export function playgroundPage(root) {
  const eventsInput = h('textarea', { id: 'pg-events', spellcheck: 'false',
    placeholder: 'JSON array or NDJSON of ECS events' });
  const queryInput = h('textarea', { id: 'pg-query', spellcheck: 'false', placeholder: 'EQL query' });
  const output = h('div', { id: 'pg-output' });

  async function run(event) {
    event.preventDefault();
    let events;
    try {
      events = parseEvents(eventsInput.value);
    } catch (error) {
      fill(output, problem(error));
      return;
    }
    fill(output, h('p.note', 'Running …'));
    try {
      const answer = await post('/api/v1/eql/search?explain=true', { query: queryInput.value, events, size: 100 });
      render(answer, events);
    } catch (error) {
      fill(output, problem(error), error.problem ? h('pre.json', JSON.stringify(error.problem, null, 2)) : null);
    }
  }

  function render(answer, events) {
    const placed = placements(answer.hits);
    const stages = answer.explanation.length ? answer.explanation[0].stages.filter((v) => !v.until).length : 0;
    const rows = answer.explanation.map((explained) => {
      const document = events[explained.index];
      return h('tr', { dataset: { index: String(explained.index) } },
        h('td.mono', String(explained.index)),
        h('td.mono', utc(field(document, '@timestamp'))),
        h('td.mono', show(field(document, 'event.category')) + ' ' + show(field(document, 'event.action'))),
        h('td.mono', show(field(document, 'process.name')) + (field(document, 'process.pid') != null
          ? ' (' + show(field(document, 'process.pid')) + ')' : '')),
        h('td', mark(explained, placed, stages)));
    });
    const hits = answer.hits;
    const sequences = (hits.sequences || []).map((sequence, s) => h('li',
      'sequence ' + (s + 1) + ': join keys ', h('code', JSON.stringify(sequence.join_keys)), ', events ',
      h('code', sequence.events.map((e) => e._id).join(' → '))));
    fill(output,
      h('p', { id: 'pg-total' }, h('strong', String(hits.total.value)), hits.sequences ? ' sequences' : ' events',
        ' matched in ', String(answer.took), ' ms'),
      sequences.length ? h('ul', sequences) : null,
      h('h2', 'Each event'),
      h('table', { id: 'pg-events-table' },
        h('thead', h('tr', h('th', '#'), h('th', '@timestamp'), h('th', 'category / action'), h('th', 'process'),
          h('th', 'stage it matched, or the first condition that failed'))),
        h('tbody', rows)),
      h('details', h('summary', 'The answer of eql/search'), h('pre.json', JSON.stringify(answer, null, 2))));
  }

  fill(root,
    h('h1', 'Query playground'),
    h('p.note', 'Runs on a private engine for this request only: no live state, no stored alert is touched.'),
    h('form', { id: 'pg-form', onsubmit: run },
      h('div.grid2',
        h('label', h('h2', 'Events'), eventsInput),
        h('label', h('h2', 'EQL query'), queryInput)),
      h('div.actions',
        h('button', { type: 'submit', id: 'pg-run' }, 'Run'),
        h('button.secondary', { type: 'button', id: 'pg-example', onclick: () => {
          eventsInput.value = EXAMPLE_EVENTS;
          queryInput.value = EXAMPLE_QUERY;
        } }, 'Load the reverse-shell example'))),
    output);
  return { stop: () => {} };
}
