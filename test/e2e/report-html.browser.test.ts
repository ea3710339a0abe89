import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gapLabels } from '../../src/decide/index.js';
import {
  buildSampleReport,
  HOSTILE_ANSWER,
  HOSTILE_QUESTION_CASE,
} from '../../src/report/__fixtures__/sample-report.js';
import { renderHtmlReport } from '../../src/report/index.js';
import { computeCostChartGeometry } from '../../src/report/panels/index.js';
import { launchChromium } from '../helpers/launch-chromium.js';

const screenshotDirectory = path.resolve('test-output');

const data = buildSampleReport();
const html = renderHtmlReport(data);

interface PageWatch {
  consoleErrors: string[];
  requests: string[];
  dialogs: string[];
}

/** Console errors (CSP violations land there too), every request the page makes, and any dialog (alert). */
function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { consoleErrors: [], requests: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watch.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watch.consoleErrors.push(error.message));
  page.on('request', (request) => watch.requests.push(request.url()));
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return watch;
}

describe('HTML report in headless Chromium', () => {
  let browser: Browser;
  let directory: string;
  let fileUrl: string;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
    const file = path.join(directory, 'report.html');
    await writeFile(file, html);
    fileUrl = pathToFileURL(file).href;
    await mkdir(screenshotDirectory, { recursive: true });
    browser = await launchChromium('the HTML report test');
  });

  afterAll(async () => {
    await browser?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('renders the three charts with the expected marks, without network or errors', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const watch = watchPage(page);
    await page.goto(fileUrl);

    for (const id of ['chart-attribution', 'chart-cost', 'chart-latency']) {
      const box = await page.locator(`svg#${id}`).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.width, id).toBeGreaterThan(300);
      expect(box!.height, id).toBeGreaterThan(100);
    }
    const variants = data.diagnosis.variants.length;
    expect(await page.locator('#chart-attribution [data-variant-bar]').count()).toBe(variants);
    const labelsPresent = gapLabels.filter((label) => data.diagnosis.attributionSummary.counts[label] > 0);
    expect(await page.locator('#chart-attribution [data-label-segment]').count()).toBe(labelsPresent.length);
    const segmentBox = await page.locator('#chart-attribution [data-label-segment]').first().boundingBox();
    expect(segmentBox!.width).toBeGreaterThan(0);

    const geometry = computeCostChartGeometry(data.diagnosis.costs);
    expect(await page.locator('#chart-cost [data-cost-line] path').count()).toBe(geometry.lines.length);
    expect(await page.locator('#chart-cost [data-curve-point]').count()).toBe(
      geometry.lines.reduce((sum, line) => sum + line.points.length, 0),
    );
    expect(await page.locator('#chart-cost [data-break-even]').count()).toBe(geometry.breakEvens.length);
    expect(geometry.breakEvens.length).toBeGreaterThan(0);
    expect(await page.locator('#chart-cost [data-volume-marker]').count()).toBe(1);
    const pathBox = await page.locator('#chart-cost [data-cost-line] path').first().boundingBox();
    expect(pathBox!.width).toBeGreaterThan(300);

    const live = data.rows.filter((row) => !row.error && !row.cached).length;
    expect(await page.locator('#chart-latency [data-latency-variant]').count()).toBe(variants);
    expect(await page.locator('#chart-latency [data-latency-point]').count()).toBe(live);
    expect(await page.locator('#chart-latency [data-latency-box]').count()).toBe(variants);

    expect(watch.consoleErrors).toEqual([]);
    expect(watch.dialogs).toEqual([]);
    expect(watch.requests).toEqual([fileUrl]);
    await page.close();
  });

  it('opens a case drill-down on click with every variant answer, check reasons and passages, escaped', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const watch = watchPage(page);
    await page.goto(fileUrl);
    const row = page.locator(`tr.case-row[data-case-id="${HOSTILE_QUESTION_CASE}"]`);
    await row.locator('td.question').click();

    const detail = page.locator('tr.detail-row');
    await expect.poll(() => detail.count()).toBe(1);
    expect(await row.locator('button.case-toggle').getAttribute('aria-expanded')).toBe('true');
    const cards = detail.locator('.variant-card');
    expect(await cards.count()).toBe(6);
    expect(await detail.locator('.variant-card[data-variant="rag"] pre.answer').textContent()).toBe(
      HOSTILE_ANSWER,
    );
    expect(await detail.locator('.drill-question').textContent()).toContain('<b>GDPR</b>');
    await expect.poll(() => detail.textContent()).toContain('missing "one month"');
    const detailText = (await detail.textContent()) ?? '';
    expect(detailText).toContain('Content fails without context and still fails under oracle');
    expect(detailText).toContain('Gdpr Deletion › Overview');
    expect(detailText).toContain('<script>alert("chunk")</script>');
    expect(await detail.locator('.chunks li').count()).toBeGreaterThan(0);

    // The hostile answer and chunk stayed text: no element was created from them.
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('img[src=x]').count()).toBe(0);
    expect(await page.locator('body script').count()).toBe(2);
    expect(await page.locator('b').count()).toBe(0);
    expect(page.url()).toContain(`#case=${HOSTILE_QUESTION_CASE}`);

    // An invalid citation is flagged.
    await page.locator('tr.case-row[data-case-id="shipping-countries"] button.case-toggle').click();
    const shipping = page.locator('tr.case-row[data-case-id="shipping-countries"] + tr.detail-row');
    expect(await shipping.locator('.badge-invalid').count()).toBe(1);

    // Clicking the case again closes it.
    await row.locator('td.question').click();
    expect(
      await page.locator(`tr.case-row[data-case-id="${HOSTILE_QUESTION_CASE}"] + tr.detail-row`).count(),
    ).toBe(0);

    expect(watch.consoleErrors).toEqual([]);
    expect(watch.dialogs).toEqual([]);
    expect(watch.requests).toEqual([fileUrl]);
    await page.close();
  });

  it('opens and closes a drill-down from the keyboard and filters the table', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const watch = watchPage(page);
    await page.goto(fileUrl);
    const button = page.locator('tr.case-row[data-case-id="sso-setup"] button.case-toggle');
    await button.focus();
    await page.keyboard.press('Enter');
    const detail = page.locator('tr.case-row[data-case-id="sso-setup"] + tr.detail-row');
    expect(await detail.count()).toBe(1);
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    expect(await detail.textContent()).toContain('Okta, Azure AD and any SAML 2.0 provider.');
    await page.keyboard.press('Escape');
    expect(await detail.count()).toBe(0);
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(
      await page.evaluate<string | null>('document.activeElement && document.activeElement.textContent'),
    ).toBe('sso-setup');

    await page.selectOption('#label-filter', 'knowledge-gap');
    expect(await page.locator('tr.case-row:visible').count()).toBe(
      data.diagnosis.attributionSummary.counts['knowledge-gap'],
    );
    await page.selectOption('#label-filter', '');
    await page.fill('#case-filter', 'billing');
    expect(await page.locator('tr.case-row:visible').count()).toBe(
      data.cases.filter((entry) => entry.tags.includes('billing')).length,
    );
    expect(await page.locator('#case-count').textContent()).toBe(`2 of ${data.cases.length} cases`);
    await page.fill('#case-filter', '');

    // A label in the chart legend filters the table.
    await page.locator('[data-filter-label="reasoning-gap"]').click();
    expect(await page.locator('tr.case-row:visible').count()).toBe(1);

    expect(watch.consoleErrors).toEqual([]);
    expect(watch.requests).toEqual([fileUrl]);
    await page.close();
  });

  it('works served under a URL, deep-links to a case, and takes the screenshots', async () => {
    const server: Server = createServer((request, response) => {
      if (request.url?.startsWith('/runs/run-2026-11-22/report')) {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(html);
      } else {
        response.writeHead(404);
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}/runs/run-2026-11-22/report`;
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const watch = watchPage(page);
      await page.goto(`${url}#case=plan-limits`);
      const detail = page.locator('tr.case-row[data-case-id="plan-limits"] + tr.detail-row');
      expect(await detail.count()).toBe(1);
      expect(await detail.locator('.variant-card').count()).toBe(6);
      await page.screenshot({ path: path.join(screenshotDirectory, 'report.png'), fullPage: true });
      expect(watch.consoleErrors).toEqual([]);
      expect(watch.requests).toEqual([`${url}#case=plan-limits`].map((entry) => entry.split('#')[0]));
      await page.close();

      const narrow = await browser.newPage({ viewport: { width: 390, height: 844 } });
      const narrowWatch = watchPage(narrow);
      await narrow.goto(`${url}#case=gdpr-deletion`);
      const overflow = await narrow.evaluate<number>(
        // Typed as a string: the project compiles without the DOM library.
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await narrow.screenshot({ path: path.join(screenshotDirectory, 'report-narrow.png'), fullPage: true });
      expect(narrowWatch.consoleErrors).toEqual([]);
      await narrow.close();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
