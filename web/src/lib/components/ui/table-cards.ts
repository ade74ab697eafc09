/**
 * What a table needs to be read as stacked cards on a phone (table.svelte): each body cell is
 * told its column's name (`data-column-label`, the header's text as a phone shows it) and its
 * part in the card (`data-card`): `cell`, `actions` (shown at the bottom, full width) or `full`
 * (a cell across every column, such as an empty state). A cell's own `data-label` wins over the
 * header. The names follow the rows as they come and go.
 */

/** Header text a phone hides (`hidden sm:inline`, `max-sm:hidden`) or only reads out (sr-only). */
const UNSEEN_ON_PHONE = '.hidden, .max-sm\\:hidden, [hidden], [aria-hidden="true"]';

export interface Column {
  label: string;
  actions: boolean;
}

const words = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * A header cell's column: its label as seen on a phone, and whether it holds the row's actions
 * (marked `data-actions`, headed "Actions", or with no visible heading, like an icon column).
 */
export function columnOf(th: HTMLTableCellElement): Column {
  const seen = th.cloneNode(true) as HTMLElement;
  for (const e of seen.querySelectorAll(UNSEEN_ON_PHONE)) e.remove();
  const spoken = seen.cloneNode(true) as HTMLElement;
  for (const e of seen.querySelectorAll('.sr-only')) e.remove();
  const label = words(seen.textContent);
  const actions =
    th.hasAttribute('data-actions') || label === '' || /^actions$/i.test(words(spoken.textContent));
  return { label: actions ? '' : label, actions };
}

/** Marks every body cell of `table` after the columns of its header row. */
export function labelCells(table: HTMLTableElement): void {
  const head = table.tHead?.rows[0];
  if (!head) return;
  const columns: Column[] = [];
  const keptOnPhone = new Set<Column>();
  for (const th of head.cells) {
    const column = columnOf(th);
    if (!column.actions && !th.matches(UNSEEN_ON_PHONE)) keptOnPhone.add(column);
    for (let i = 0; i < th.colSpan; i++) columns.push(column);
  }
  // A table that keeps one column of values on a phone (the page hides the rest there): that
  // column is the card, and a label beside it would only take room.
  if (keptOnPhone.size === 1) for (const column of keptOnPhone) column.label = '';
  for (const body of table.tBodies) {
    for (const row of body.rows) {
      let index = 0;
      for (const cell of row.cells) {
        const column = columns[index];
        const full = cell.colSpan >= columns.length;
        const part = full ? 'full' : column?.actions ? 'actions' : 'cell';
        if (cell.dataset.card !== part) cell.dataset.card = part;
        const label = full ? '' : (cell.dataset.label ?? column?.label ?? '');
        if (cell.dataset.columnLabel !== label) cell.dataset.columnLabel = label;
        index += cell.colSpan;
      }
    }
  }
}

/** An attachment for a `<table>`: labels its cells now and whenever its rows or header change. */
export function tableCards(table: HTMLTableElement): () => void {
  labelCells(table);
  let queued = false;
  const observer = new MutationObserver((changes) => {
    const structural = changes.some((c) =>
      ['TABLE', 'THEAD', 'TBODY', 'TR', 'TH'].includes((c.target as Element).tagName),
    );
    if (!structural || queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      labelCells(table);
    });
  });
  observer.observe(table, { childList: true, subtree: true, characterData: false });
  return () => observer.disconnect();
}
