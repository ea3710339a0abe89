import { describe, expect, it } from 'vitest';
import { loadLanguageDetector, resolveDocumentLanguage } from './detect-language.js';

describe('language detection (eld)', () => {
  it('tells languages apart from a short question or a sentence', async () => {
    const detector = await loadLanguageDetector();
    expect(detector.detect('¿Cuántos días tarda el reembolso de un pedido?')).toBe('spanish');
    expect(detector.detect('How many days does a refund take?')).toBe('english');
    expect(detector.detect('Wie viele Tage dauert eine Rückerstattung?')).toBe('german');
    expect(detector.detect('İade işlemi kaç gün sürüyor ve nereden başvurabilirim?')).toBe('turkish');
    expect(detector.detect('Πόσες μέρες διαρκεί η επιστροφή χρημάτων;')).toBe('greek');
    expect(detector.detect('كم يوما يستغرق استرداد المبلغ؟')).toBe('arabic');
    expect(detector.detect('การคืนเงินใช้เวลากี่วัน')).toBe('thai');
    // Scripts eld does not know are told by the script itself.
    expect(detector.detect('ការសងប្រាក់វិញចំណាយពេលប៉ុន្មានថ្ងៃ')).toBe('khmer');
    expect(detector.detect('ငွေပြန်အမ်းခြင်းသည် ရက်မည်မျှကြာသနည်း')).toBe('burmese');
  });

  it('answers none when there are no words to go on', async () => {
    expect((await loadLanguageDetector()).detect('12345 — 678')).toBe('none');
  });

  it('uses a configured language as it is, and detects only under auto', async () => {
    expect(await resolveDocumentLanguage('french', 'This text is English.')).toBe('french');
    expect(await resolveDocumentLanguage('auto', 'Le remboursement prend trente jours ouvrables.')).toBe(
      'french',
    );
  });
});
