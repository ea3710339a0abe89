import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, runCli } from '../helpers/run-cli.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-e2e-language-'));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

/** A small mixed-language knowledge base, written for this test. */
const files: Record<string, string> = {
  'docs/reembolsos.md':
    '# Reembolsos\n\nLas devoluciones de los pedidos tardan treinta días hábiles. El cliente debe guardar el recibo de la compra.\n',
  'docs/refunds.md':
    '# Refunds\n\nRefunds for orders are issued within thirty business days. Customers keep the receipt of the purchase.\n',
  'docs/คืนเงิน.md':
    '# คืนเงิน\n\nบริษัทก่อตั้งขึ้นในกรุงเทพมหานครเมื่อหลายปีก่อนและมีพนักงานจำนวนมากทำงานอยู่ในสำนักงานใหญ่ ' +
    'พนักงานทำงานวันจันทร์ถึงวันศุกร์ตั้งแต่เช้าจนถึงเย็นทุกสัปดาห์ตลอดทั้งปี ' +
    'การคืนเงินใช้เวลาสามสิบวันหลังจากการซื้อสินค้าและลูกค้าต้องแสดงใบเสร็จ\n',
};

interface SearchJson {
  hits: { documentId: string; language?: string; snippet: string }[];
}

describe('retrieve.language: auto (real CLI)', () => {
  it('detects each document’s language, reports them in status and finds passages from queries in each', async () => {
    const directory = path.join(root, 'mixed');
    for (const [file, content] of Object.entries({
      ...files,
      'knowhow.yaml': 'retrieve:\n  language: auto\n',
    })) {
      await mkdir(path.dirname(path.join(directory, file)), { recursive: true });
      await writeFile(path.join(directory, file), content);
    }
    expect((await runCli(['ingest'], { cwd: directory })).code).toBe(0);

    const status = await runCli(['status'], { cwd: directory });
    expect(status.stdout).toContain('bm25        auto (detected per document and per query)');
    expect(status.stdout).toMatch(
      /languages {3}(english|spanish|thai) 1 · (english|spanish|thai) 1 · (english|spanish|thai) 1/,
    );
    const statusJson = parseJson<{ documentLanguages: Record<string, number> }>(
      await runCli(['status', '--json'], { cwd: directory }),
    );
    expect(statusJson.documentLanguages).toEqual({ english: 1, spanish: 1, thai: 1 });

    const search = async (query: string) =>
      parseJson<SearchJson>(await runCli(['search', query, '--json'], { cwd: directory })).hits[0];
    expect((await search('¿Cuánto tarda una devolución?'))?.documentId).toBe('reembolsos.md');
    expect((await search('how long does a refund take'))?.documentId).toBe('refunds.md');
    const thai = await search('การคืนเงินใช้เวลากี่วัน');
    expect(thai?.documentId).toBe('คืนเงิน.md');
    expect(thai?.language).toBe('thai');
    // The snippet is the window where the Thai query's words stand, not the passage's start.
    expect(thai?.snippet).toContain('การคืนเงินใช้เวลาสามสิบวัน');

    // Changing the setting asks for a rebuild, as for any analyzer change.
    await writeFile(path.join(directory, 'knowhow.yaml'), 'retrieve:\n  language: spanish\n');
    const changed = await runCli(['search', 'reembolso'], { cwd: directory });
    expect(changed.code).not.toBe(0);
    expect(changed.stderr).toContain('ingest --rebuild');
  }, 120_000);
});
