// The staff console's pages checked with axe-core (WCAG 2.x A/AA) in
// Debian's chromium at 360 px, signed in by the session cookie given:
//   BASE=http://127.0.0.1:PORT COOKIE=TOKEN node staff-axe.mjs PATH...
// prints "PASS console-files: axe: PATH" or "FAIL ...: violations" per
// page, and fails a page that is wider than the screen. axe is a script:
// the context bypasses the console's CSP for it alone.
import { chromium } from 'playwright-core';
import { createRequire } from 'module';
const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const BASE = process.env.BASE, COOKIE = process.env.COOKIE;
const paths = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
	args: ['--no-sandbox', '--disable-gpu'] });
const ctx = await browser.newContext({ locale: 'ar-SA', bypassCSP: true,
	extraHTTPHeaders: { Cookie: '__Host-wasl-staff=' + COOKIE }, viewport: { width: 360, height: 800 } });
const page = await ctx.newPage();
for (const p of paths) {
	await page.goto(BASE + p);
	await page.addScriptTag({ path: AXE });
	const v = await page.evaluate(async () => {
		const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] } });
		return r.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes[0].target.join(' ')} ${v.nodes[0].failureSummary}`);
	});
	const w = await page.evaluate(() => document.documentElement.scrollWidth);
	if (w > 360)
		v.push(`${w} px wide at 360`);
	console.log(v.length ? `FAIL console-files: axe: ${p} at 360 px: ${v.join(' | ').replace(/\n/g, ' ')}` :
	    `PASS console-files: axe: ${p} has no WCAG A/AA violations at 360 px`);
}
await browser.close();
