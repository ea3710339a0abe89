/**
 * The HTML report's script (bundled into the page by scripts/build-client.mjs): a case's
 * drill-down under its row, rendered from the embedded JSON with the shared CaseDetail component
 * (text nodes only, never HTML), the table's filters, and #case=… deep links.
 */
import { render } from 'hono/jsx/dom';
import { CaseDetail, type ReportPayload } from '../panels/index.js';
import { attachCaseFilter } from './case-filter.js';

function start(): void {
  const source = document.getElementById('knowhow-report-data');
  const table = document.getElementById('case-table') as HTMLTableElement | null;
  const body = table?.tBodies[0];
  if (!source || !table || !body) return;
  const data = JSON.parse(source.textContent || '{}') as ReportPayload;
  const columns = table.tHead?.rows[0]?.cells.length ?? 1;
  const caseRows = [...body.querySelectorAll<HTMLTableRowElement>('tr.case-row')];

  const detailOf = (row: Element): HTMLTableRowElement | null => {
    const next = row.nextElementSibling;
    return next instanceof HTMLTableRowElement && next.classList.contains('detail-row') ? next : null;
  };

  const toggle = (row: HTMLTableRowElement, open?: boolean): void => {
    const button = row.querySelector('button.case-toggle');
    const detail = detailOf(row);
    if (!(open ?? !detail)) {
      detail?.remove();
      row.classList.remove('open');
      button?.setAttribute('aria-expanded', 'false');
      return;
    }
    if (detail) return;
    const item = data.cases[Number(row.dataset.caseIndex)];
    if (!item) return;
    const detailRow = document.createElement('tr');
    detailRow.className = 'detail-row';
    detailRow.id = button?.getAttribute('aria-controls') ?? '';
    const cell = detailRow.insertCell();
    cell.colSpan = columns;
    render(<CaseDetail item={item} chunks={data.chunks} />, cell);
    row.after(detailRow);
    row.classList.add('open');
    button?.setAttribute('aria-expanded', 'true');
    try {
      history.replaceState(null, '', `#case=${encodeURIComponent(item.id)}`);
    } catch {
      // Some viewers forbid history changes (sandboxed frames): the drill-down still works.
    }
  };

  body.addEventListener('click', (event) => {
    const target = event.target as Element;
    const row = target.closest<HTMLTableRowElement>('tr.case-row');
    if (!row) return;
    const control = target.closest('a, input, select, textarea, button');
    if (control && !control.classList.contains('case-toggle')) return;
    toggle(row);
  });
  body.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const target = event.target as Element;
    const detail = target.closest('tr.detail-row');
    const row = detail ? detail.previousElementSibling : target.closest('tr.case-row');
    if (!(row instanceof HTMLTableRowElement) || !row.classList.contains('case-row') || !detailOf(row))
      return;
    toggle(row, false);
    row.querySelector<HTMLButtonElement>('button.case-toggle')?.focus();
  });

  const openFromHash = (): void => {
    if (!location.hash.startsWith('#case=')) return;
    let id: string;
    try {
      id = decodeURIComponent(location.hash.slice(6));
    } catch {
      return;
    }
    const row = caseRows.find((entry) => entry.dataset.caseId === id);
    if (!row) return;
    toggle(row, true);
    row.scrollIntoView();
  };
  window.addEventListener('hashchange', openFromHash);
  openFromHash();
  attachCaseFilter(document);
}

start();
