/**
 * The cases table's text and label filters, on the markup CasesPanel renders. Shared by the
 * report's script and the dashboard. Returns a function that removes the listeners again.
 */
export function attachCaseFilter(root: ParentNode & EventTarget): () => void {
  const filter = root.querySelector<HTMLInputElement>('#case-filter');
  const labelFilter = root.querySelector<HTMLSelectElement>('#label-filter');
  const count = root.querySelector<HTMLElement>('#case-count');
  const rows = [...root.querySelectorAll<HTMLTableRowElement>('tr.case-row')];

  const apply = () => {
    const terms = (filter?.value ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const label = labelFilter?.value ?? '';
    let shown = 0;
    for (const row of rows) {
      const text = row.dataset.search ?? '';
      const match = (!label || row.dataset.label === label) && terms.every((term) => text.includes(term));
      row.hidden = !match;
      const detail = row.nextElementSibling;
      if (detail instanceof HTMLElement && detail.classList.contains('detail-row')) detail.hidden = !match;
      if (match) shown++;
    }
    if (count) count.textContent = `${shown} of ${rows.length} cases`;
  };
  // A label in the attribution legend lists its cases.
  const pickLabel = (event: Event) => {
    const button = (event.target as Element | null)?.closest<HTMLElement>('[data-filter-label]');
    if (!button) return;
    if (labelFilter) labelFilter.value = button.dataset.filterLabel ?? '';
    apply();
    root.querySelector('#cases')?.scrollIntoView();
  };

  filter?.addEventListener('input', apply);
  labelFilter?.addEventListener('change', apply);
  root.addEventListener('click', pickLabel);
  apply();
  return () => {
    filter?.removeEventListener('input', apply);
    labelFilter?.removeEventListener('change', apply);
    root.removeEventListener('click', pickLabel);
  };
}
