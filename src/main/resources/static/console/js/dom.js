// DOM building without innerHTML: every value from the API goes in as text, never as markup.

/** h('td.mono', {title: 'x'}, 'text', child, [more]) */
export function h(tag, attributes, ...children) {
  const [name, ...classes] = tag.split('.');
  const element = document.createElement(name || 'div');
  if (classes.length) element.className = classes.join(' ');
  if (attributes && (typeof attributes !== 'object' || attributes instanceof Node || Array.isArray(attributes))) {
    children.unshift(attributes);
    attributes = null;
  }
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(key, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the children of an element. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A dotted field of an ECS document, dotted keys and nested objects alike. */
export function field(document, path) {
  if (document == null) return undefined;
  if (Object.prototype.hasOwnProperty.call(document, path)) return document[path];
  const parts = path.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    const head = parts.slice(0, i).join('.');
    if (document[head] !== undefined && typeof document[head] === 'object') {
      return field(document[head], parts.slice(i).join('.'));
    }
  }
  return undefined;
}

/** A value as one line of text: arrays joined, objects as JSON. */
export function show(value) {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(show).join(' ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** An instant as UTC with milliseconds, the way the documents write it. */
export function utc(instant) {
  if (!instant) return '';
  const date = new Date(instant);
  return isNaN(date) ? String(instant) : date.toISOString().replace('T', ' ').replace('Z', ' UTC');
}

export function severityBadge(severity) {
  return h('span.badge.sev-' + (severity || 'low'), severity || '?');
}

/** A mark beside the name of a building-block rule, whose alerts feed other rules; null for any other. */
export function buildingBlockBadge(rule) {
  return rule && rule.building_block_type
    ? [' ', h('span.badge.building-block', { title: 'building-block rule: its alerts feed other rules' }, 'building block')]
    : null;
}

/** A message in place of content, for errors and empty states. */
export function problem(error) {
  const status = error && error.status ? ' (' + error.status + ')' : '';
  return h('p.error', (error && error.message ? error.message : String(error)) + status);
}
