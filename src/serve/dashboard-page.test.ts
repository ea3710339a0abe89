import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readReportPageAssets } from '../report/index.js';
import { renderDashboardPage } from './dashboard-page.js';

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('renderDashboardPage', () => {
  const page = renderDashboardPage({ project: '</script><script>alert(1)</script>', keysRequired: true });

  it('pins its inline script and stylesheet by hash, and the report it frames', () => {
    const policy = page.contentSecurityPolicy;
    expect(policy).not.toContain('unsafe-inline');
    const script = /<script>([\s\S]*?)<\/script>/.exec(page.html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(page.html)![1]!;
    const report = readReportPageAssets();
    expect(policy).toContain(`script-src ${hash(script)} ${hash(report.script)};`);
    expect(policy).toContain(`style-src ${hash(style)} ${hash(report.styles)};`);
    expect(policy).toContain("connect-src 'self'");
  });

  it('hands the script its settings as inert JSON, the project name escaped', () => {
    expect(page.html.match(/<script/g)).toHaveLength(2);
    const settings = /<script type="application\/json" id="knowhow-settings">([\s\S]*?)<\/script>/.exec(
      page.html,
    )![1]!;
    expect(JSON.parse(settings)).toEqual({
      project: '</script><script>alert(1)</script>',
      keysRequired: true,
    });
    expect(page.html).toContain(
      '<title>knowhow · &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>',
    );
  });

  it('holds no run data: everything is fetched with the user’s key', () => {
    expect(page.html).toContain('<div id="dashboard"></div>');
    expect(page.html).not.toMatch(/(src|href)=["']https?:/);
  });
});
