import { describe, expect, it } from 'vitest';
import { makeChunk } from '../../../test/helpers/make-chunk.js';
import type { ContextPassage } from '../spec.js';
import { createExtractiveLanguageModel } from './create-extractive-language-model.js';

const passage = (marker: number, text: string, language?: string): ContextPassage => ({
  marker,
  chunk: makeChunk(`doc-${marker}`, 0, text, language ? { language } : {}),
});

async function answer(question: string, passages: ContextPassage[]): Promise<string> {
  const model = createExtractiveLanguageModel({ maxSentences: 1 });
  const result = await model.doGenerate({
    messages: [{ role: 'user', content: `Question: ${question}` }],
    context: passages,
  });
  return result.text;
}

describe('extractive answerer in the passage’s language', () => {
  it('quotes the Thai sentence that answers, found between the spaces Thai puts between sentences', async () => {
    const text = 'บริษัทก่อตั้งขึ้นในกรุงเทพ พนักงานทำงานวันจันทร์ถึงวันศุกร์ การคืนเงินใช้เวลาสามสิบวันหลังจากการซื้อ';
    expect(await answer('การคืนเงินใช้เวลากี่วัน', [passage(1, text, 'thai')])).toBe(
      'การคืนเงินใช้เวลาสามสิบวันหลังจากการซื้อ [1]',
    );
  });

  it('meets Arabic inflections through the Arabic stemmer and ends sentences at ؟', async () => {
    const text =
      'تأسست الشركة في القاهرة. يستغرق استرداد الأموال ثلاثين يوما من تاريخ الشراء. هل تعمل الشركة يوم الجمعة؟ لا تعمل.';
    expect(await answer('كم يوما يستغرق استرداد الأموال؟', [passage(1, text, 'arabic')])).toBe(
      'يستغرق استرداد الأموال ثلاثين يوما من تاريخ الشراء. [1]',
    );
  });

  it('reads passages without a recorded language as English, as before', async () => {
    const text =
      'The office opens at nine. Refunds are issued within 30 days of purchase. Staff wear badges.';
    expect(await answer('How long do refunds take?', [passage(1, text)])).toBe(
      'Refunds are issued within 30 days of purchase. [1]',
    );
  });
});
