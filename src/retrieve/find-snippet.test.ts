import { describe, expect, it } from 'vitest';
import { findSnippet, markSnippet } from './find-snippet.js';

const passage =
  'Quillstack bills every workspace monthly or yearly. Seats can be added at any time and are prorated. ' +
  'Invoices are emailed to the billing contact on the first of the month. ' +
  'If it is not working out, you can ask for a refund within 30 days of the purchase date; ' +
  'annual plans are refunded pro rata after that. Refunds go back to the original card.';

describe('findSnippet', () => {
  it('shows the window with the most query terms, stemmed forms included, cut on words', () => {
    const snippet = findSnippet(passage, 'refunds for annual plans', { maxChars: 120 });
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(snippet.text).toContain('annual plans are refunded');
    const marked = markSnippet(snippet, '<', '>');
    expect(marked).toContain('<refund> within 30 days');
    expect(marked).toContain('<annual> <plans> are <refunded>');
    expect(markSnippet(snippet, (highlight) => highlight.toUpperCase())).toContain(
      'ANNUAL PLANS are REFUNDED',
    );
    expect(snippet.text.length).toBeLessThanOrEqual(122);
  });

  it('starts at the beginning when no query term is in the passage (a dense hit)', () => {
    const snippet = findSnippet(passage, 'kubernetes', { maxChars: 60 });
    expect(snippet.text).toBe('Quillstack bills every workspace monthly or yearly. Seats…');
    expect(snippet.highlights).toEqual([]);
  });

  it('returns a short passage whole, whitespace collapsed, with its matches', () => {
    const snippet = findSnippet('Refund\n\n  policy', 'refund');
    expect(snippet).toEqual({ text: 'Refund policy', highlights: [{ start: 0, end: 6 }] });
  });

  it('reads Markdown as text: no link targets, emphasis, heading marks or table rules', () => {
    const snippet = findSnippet(
      '## Plans\n\n| Plan | Price |\n| --- | :---: |\n| **Team** | $14 |\n\nSee the [Free plan](../plans/free-plan.md) and `knowhow ask`.',
      'free plan',
    );
    expect(snippet.text).toBe('Plans | Plan | Price | | Team | $14 | See the Free plan and knowhow ask.');
    expect(markSnippet(snippet, '[', ']')).toContain('See the [Free] [plan] and');
  });
});

describe('findSnippet in the passage’s language', () => {
  it('finds the Thai words of the query and cuts the window on Thai word boundaries', () => {
    const thai =
      'บริษัทก่อตั้งขึ้นในกรุงเทพมหานครเมื่อหลายปีก่อนและมีพนักงานจำนวนมากทำงานอยู่ในสำนักงานใหญ่ ' +
      'พนักงานทำงานวันจันทร์ถึงวันศุกร์ตั้งแต่เช้าจนถึงเย็นทุกสัปดาห์ตลอดทั้งปี ' +
      'การคืนเงินใช้เวลาสามสิบวันหลังจากการซื้อสินค้าและลูกค้าต้องแสดงใบเสร็จ';
    const snippet = findSnippet(thai, 'การคืนเงินใช้เวลากี่วัน', { maxChars: 60, language: 'thai' });
    const marked = markSnippet(snippet, '<', '>');
    expect(marked).toContain('<คืน><เงิน><ใช้><เวลา>');
    expect(snippet.text.startsWith('…')).toBe(true);
    // The window starts and ends on whole words: the text after the ellipses is a dictionary word's start.
    const inner = snippet.text.replace(/^…|…$/g, '');
    expect(thai.includes(inner)).toBe(true);
  });

  it('highlights Arabic words in their inflected forms with the Arabic analyzer', () => {
    const arabic = 'تأسست الشركة في القاهرة. يستغرق استرداد الأموال ثلاثين يوما من تاريخ الشراء.';
    const marked = markSnippet(findSnippet(arabic, 'استرداد شركة', { language: 'arabic' }), '<', '>');
    expect(marked).toContain('<استرداد>');
    expect(marked).toContain('<الشركة>');
  });
});
