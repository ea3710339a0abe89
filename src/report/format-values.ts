/** Number formatting shared by the HTML report and the terminal summary; fixed locale so output is stable. */

const locale = 'en-US';

export function formatPercent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString(locale);
}

/** 1,000 → "1k", 12,345 → "12.3k", 2,000,000 → "2M": axis labels and break-even volumes. */
export function formatCompact(value: number): string {
  const units: [number, string][] = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of units) {
    if (Math.abs(value) >= size) return `${trimNumber(value / size)}${suffix}`;
  }
  return trimNumber(value);
}

function trimNumber(value: number): string {
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return String(rounded);
}

export function formatMilliseconds(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  return `${Math.round(value)} ms`;
}

const currencyFormats = new Map<string, Intl.NumberFormat | null>();

function currencyFormat(currency: string, fractionDigits: number): Intl.NumberFormat | null {
  const key = `${currency}/${fractionDigits}`;
  if (!currencyFormats.has(key)) {
    try {
      currencyFormats.set(
        key,
        new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          minimumFractionDigits: fractionDigits,
          maximumFractionDigits: fractionDigits,
        }),
      );
    } catch {
      // knowhow.yaml's currency is free text: a code Intl does not know is printed after the number.
      currencyFormats.set(key, null);
    }
  }
  return currencyFormats.get(key) ?? null;
}

/**
 * Money with enough digits to tell small amounts apart: $1,234 / $12.35 / $0.0042. Costs per
 * query are fractions of a cent, monthly totals are thousands.
 */
export function formatMoney(value: number, currency = 'USD'): string {
  const magnitude = Math.abs(value);
  const digits = magnitude === 0 || magnitude >= 1000 ? 0 : magnitude >= 1 ? 2 : significantDigits(magnitude);
  const format = currencyFormat(currency, digits);
  if (format) return format.format(value);
  return `${value.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${currency}`;
}

/** Fraction digits that keep two significant digits of an amount below 1 (at most 6). */
function significantDigits(magnitude: number): number {
  // Round first: 0.000999 shows as 0.0010, not 0.00100.
  const rounded = Number(magnitude.toPrecision(2));
  return Math.min(6, Math.max(2, 1 - Math.floor(Math.log10(rounded))));
}

/** Shortens text to one line of at most `width` characters, marking the cut with an ellipsis. */
export function truncateText(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= width) return line;
  return `${line.slice(0, Math.max(0, width - 1)).trimEnd()}…`;
}

/** Axis ticks: whole amounts from 1 up ($10, $1,000), two significant places below ($0.10, $0.01). */
export function formatAxisMoney(value: number, currency = 'USD'): string {
  const digits = value >= 1 || value <= 0 ? 0 : Math.max(2, -Math.floor(Math.log10(value) + 1e-9));
  const format = currencyFormat(currency, digits);
  if (format) return format.format(value);
  return `${value.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${currency}`;
}

/** "hybrid" → "Hybrid": an architecture label at the start of a sentence or heading. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
