// Publishing from the staff console in a real browser (issue 18):
// Debian's chromium driven by playwright-core, axe-core on every
// publishing page. The board's secretary enrols, starts revision 2 of a
// policy, edits its text, previews it as the site will show it, records
// the board's approval (a date ahead refused first; the date typed in
// Hijri), makes it ready and cannot publish it herself; the chair, on a
// 360 px phone and with the keyboard only, sees the comparison and
// confirms; the publisher builds; the public site shows revision 2 in
// force with revision 1 superseded; the chair rolls the site back. The
// secretary then edits the privacy notice and previews it.
//
//   BASE=http://127.0.0.1:PORT DB=... OUT=... TOKENS=name:role:token,...
//   node publish.mjs
//
// Prints "PASS name" / "FAIL name: detail" lines for tests/run.sh.

import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const BASE = process.env.BASE;
const DB = process.env.DB;
const OUT = process.env.OUT || 'tests/out/console';
const PASSWORD = 'a phrase only this test knows';
const POL = 'beneficiary-relations';
const host = new URL(BASE).host;

let failed = 0;
function pass(name) { console.log(`PASS ${name}`); }
function fail(name, detail) {
	failed = 1;
	console.log(`FAIL ${name}: ${String(detail).replace(/\s+/g, ' ').slice(0, 500)}`);
}
async function check(name, fn) {
	try {
		const r = await fn();
		if (r === false) fail(name, 'assertion failed');
		else pass(name);
		return true;
	} catch (e) {
		fail(name, e && e.message ? e.message : e);
		return false;
	}
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }
function sql(q) {
	return execFileSync('sqlite3', ['-batch', DB, q], { encoding: 'utf8' }).trim();
}

// ---- the authenticator app: RFC 6238 from the secret the page shows ----
function base32(s) {
	const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = '';
	for (const c of s.replace(/\s+/g, ''))
		bits += abc.indexOf(c).toString(2).padStart(5, '0');
	const out = [];
	for (let i = 0; i + 8 <= bits.length; i += 8)
		out.push(parseInt(bits.slice(i, i + 8), 2));
	return Buffer.from(out);
}
function totp(secret, step) {
	const c = Buffer.alloc(8);
	c.writeBigUInt64BE(BigInt(step));
	const h = createHmac('sha1', base32(secret)).update(c).digest();
	const o = h[19] & 15;
	return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}
// A code of a step this account has not used (each serves once): the
// present step or the next, waiting when both are spent.
async function code(acct) {
	for (;;) {
		const now = Date.now() / 1000, s = Math.floor(now / 30);
		let use = Math.max(acct.last + 1, s);
		if (use === s && now % 30 >= 28) use = s + 1;
		if (use <= s + 1) {
			acct.last = use;
			return totp(acct.secret, use);
		}
		await new Promise((r) => setTimeout(r, ((use - 1) * 30 - now + 1) * 1000));
	}
}

mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	headless: true,
	args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
		'--disable-background-networking', '--disable-component-update',
		'--disable-sync'],
});

// axe on every console page a person sees: their contexts let its script
// past the console's CSP (which allows none); the CSP itself is checked
// by tests/console.test.sh. Each page is checked once per path.
const axed = new Map();
async function axe(page, name) {
	const path = new URL(page.url()).pathname;
	const key = name || path;
	if (axed.has(key))
		return;
	axed.set(key, true);
	await check(`axe: console page ${key} has no WCAG A/AA violations`, async () => {
		await page.addScriptTag({ path: AXE });
		const v = await page.evaluate(async () => {
			const r = await window.axe.run(document, {
				runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] },
			});
			return r.violations.map((x) => `${x.id} (${x.nodes.length}): ${x.nodes[0].target.join(' ')}`);
		});
		assert(v.length === 0, v.join('; '));
	});
}

const foreign = [];
async function newPage(opts = {}) {
	const ctx = await browser.newContext({ locale: 'ar-SA', bypassCSP: true, acceptDownloads: true, ...opts });
	const page = await ctx.newPage();
	page.on('request', (r) => {
		const u = new URL(r.url());
		if (u.protocol !== 'data:' && u.host !== host)
			foreign.push(r.url());
	});
	return page;
}

// A member of staff: with the mouse or the keyboard only.
class Staff {
	constructor(page, keyboard, acct) {
		this.page = page;
		this.keyboard = keyboard;
		this.acct = acct;
	}
	async tabTo(sel) {
		const page = this.page;
		for (let i = 0; i < 300; i++) {
			if (await page.evaluate((s) => document.activeElement &&
			    document.activeElement.matches(s), sel)) {
				const o = await page.evaluate(() => {
					const cs = getComputedStyle(document.activeElement);
					return cs.outlineStyle + ' ' + cs.outlineWidth;
				});
				assert(!o.startsWith('none') && !o.endsWith(' 0px'), `focus on ${sel} not visible (${o})`);
				return;
			}
			await page.keyboard.press('Tab');
		}
		throw new Error(`cannot reach ${sel} with Tab`);
	}
	async type(sel, text) {
		if (!this.keyboard)
			return this.page.fill(sel, text);
		await this.tabTo(sel);
		await this.page.keyboard.press('Control+A');
		await this.page.keyboard.press('Delete');
		await this.page.keyboard.type(text);
	}
	async choose(sel, value) {
		if (!this.keyboard)
			return this.page.selectOption(sel, value);
		await this.tabTo(sel);
		await this.page.selectOption(sel, value);	// a select keeps focus
	}
	async tick(sel) {
		if (!this.keyboard)
			return this.page.check(sel);
		await this.tabTo(sel);
		if (!(await this.page.isChecked(sel)))
			await this.page.keyboard.press('Space');
		assert(await this.page.isChecked(sel), `${sel} not ticked`);
	}
	// Follow a link or press a button, and wait for the page it loads.
	async press(sel) {
		const nav = this.page.waitForNavigation();
		if (!this.keyboard)
			await this.page.click(sel);
		else {
			await this.tabTo(sel);
			await this.page.keyboard.press('Enter');
		}
		await nav;
		await axe(this.page);
	}
	async goto(path) {
		await this.page.goto(BASE + path);
		await axe(this.page);
	}
}

// Enrol at the link, then sign in.
async function enrolAndSignIn(who) {
	const page = who.page;
	await who.goto(`/staff/enrol?token=${who.acct.token}`);
	assert(await page.locator('svg.qr path').count() === 1, 'no QR code');
	who.acct.secret = (await page.textContent('.secret')).trim();
	assert(/^[A-Z2-7 ]{39}$/.test(who.acct.secret), 'secret ' + who.acct.secret);
	await who.type('#field-password', PASSWORD);
	await who.type('#field-password2', PASSWORD);
	await who.type('#field-code', await code(who.acct));
	await who.press('form[action="/staff/enrol"] button[type="submit"]');
	assert(page.url().endsWith('/staff/signin?done=enrolled'), 'after enrolment: ' + page.url());
	await who.type('#field-name', who.acct.name);
	await who.type('#field-password', PASSWORD);
	await who.type('#field-code', await code(who.acct));
	await who.press('form[action="/staff/signin"] button[type="submit"]');
	assert(!page.url().includes('/staff/signin'), 'not signed in: ' + page.url());
	const cookies = await page.context().cookies();
	const c = cookies.find((x) => x.name === '__Host-wasl-staff');
	assert(c && c.secure && c.httpOnly && c.sameSite === 'Strict' && c.path === '/', 'cookie ' + JSON.stringify(c));
}

const accounts = {};
for (const t of (process.env.TOKENS || '').split(',').filter(Boolean)) {
	const [name, role, token] = t.split(':');
	accounts[role] = { name, role, token, last: -1, secret: '' };
}
async function waitFor(q, want) {
	for (let i = 0; i < 120; i++) {
		if (sql(q) === want)
			return true;
		await new Promise((r) => setTimeout(r, 500));
	}
	return false;
}

const sec = new Staff(await newPage(), false, accounts.secretary);
await check('secretary: enrols and signs in, and lands on the policies', async () => {
	await enrolAndSignIn(sec);
	assert(sec.page.url().endsWith('/staff/policies'), sec.page.url());
});
let id = '';
await check('secretary: starts revision 2 from revision 1', async () => {
	await sec.press(`form[action="/staff/policies/${POL}/new"] button`);
	id = sql(`SELECT id FROM policy_draft WHERE slug = '${POL}' AND revision = 2`);
	assert(id !== '' && sec.page.url().includes(`/staff/drafts/${id}`), sec.page.url());
	assert(await sec.page.locator('label[for="field-body"]').count() === 1, 'no label for the text');
});
await check('secretary: edits the text and previews it as the site will show it', async () => {
	let body = await sec.page.inputValue('#field-body');
	body = body.replace('## الهدف العام', '## الهدف العام\n\nوتلتزم الجمعية بالرد على كل طلب خلال المدة المعلنة.')
	    .replace('رقم (5)', 'رقم (6)')
	    .replace('10/02/1446هـ الموافق 14/08/2024م', '01/09/1446هـ الموافق 01/03/2025م');
	await sec.page.fill('#field-body', body);
	await sec.press('button[name="action"][value="preview"]');
	assert(sec.page.url().endsWith(`/staff/drafts/${id}/preview`), sec.page.url());
	const main = await sec.page.textContent('main');
	assert(main.includes('بالرد على كل طلب') && main.includes('مسودة غير معتمدة'), 'preview text');
	const bg = await sec.page.evaluate(() => getComputedStyle(document.querySelector('.site-header') || document.body).display);
	assert(bg !== '', 'unstyled');
	await sec.page.screenshot({ path: `${OUT}/preview.png`, fullPage: false });
	await sec.goto(`/staff/drafts/${id}`);
	assert((await sec.page.locator('.diff ins').count()) > 0, 'no insertion in the comparison');
});
await check('secretary: an approval date ahead is refused, at its field', async () => {
	await sec.page.fill('#field-meeting', '6');
	await sec.page.fill('#field-date', '2099-01-01');
	await sec.page.fill('#field-changes', 'أُضيفت مدة الرد.');
	await sec.press('form[action$="/approval"] button[type="submit"]');
	assert((await sec.page.textContent('main')).includes('تاريخ الاعتماد لم يأتِ بعد'), 'no message');
	assert(await sec.page.locator('.field-error #field-date').count() === 1, 'field not marked');
});
await check('secretary: records the approval with its date in Hijri, shown in both calendars', async () => {
	await sec.page.check('#field-calendar-hijri');
	await sec.page.fill('#field-date', '1446-09-01');
	await sec.press('form[action$="/approval"] button[type="submit"]');
	assert(sql(`SELECT approved_on FROM policy_draft WHERE id = ${id}`) === '2025-03-01', 'not recorded');
	const t = await sec.page.textContent('#staff-approved-date');
	assert(t.includes('1446') && t.includes('2025'), t);
	await axe(sec.page, `/staff/drafts/${id} (approval recorded)`);
});
await check('secretary: makes it ready, and is not offered to publish it', async () => {
	await sec.press(`form[action="/staff/drafts/${id}/ready"] button`);
	assert(sql(`SELECT status FROM policy_draft WHERE id = ${id}`) === 'ready', 'not ready');
	assert(await sec.page.locator(`form[action="/staff/drafts/${id}/publish"]`).count() === 0, 'publish offered');
	await axe(sec.page, `/staff/drafts/${id} (ready, the secretary's)`);
});

const chair = new Staff(await newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true }), true, accounts.chair);
await check('chair: enrols and signs in on a 360 px phone, keyboard only', () => enrolAndSignIn(chair));
await check('chair: opens the draft, sees the comparison, and it fits 360 px', async () => {
	await chair.goto('/staff/policies');
	await chair.press(`a[href="/staff/drafts/${id}"]`);
	assert((await chair.page.locator('.diff ins').count()) > 0, 'no comparison');
	const w = await chair.page.evaluate(() => document.documentElement.scrollWidth);
	assert(w <= 360, 'page is ' + w + ' px wide');
	await chair.page.screenshot({ path: `${OUT}/chair-360.png`, fullPage: true });
	await axe(chair.page, `/staff/drafts/${id} (the chair's, 360 px)`);
});
await check('chair: confirms, and the publisher publishes', async () => {
	await chair.press(`form[action="/staff/drafts/${id}/publish"] button`);
	assert(await waitFor(`SELECT status FROM policy_draft WHERE id = ${id}`, 'published'),
	    'status ' + sql(`SELECT status || ' ' || coalesce(log, '') FROM policy_draft WHERE id = ${id}`));
});
{
	const pub = await newPage();
	await check('site: revision 2 in force, revision 1 superseded, history and comparison', async () => {
		await pub.goto(`${BASE}/policies/${POL}/`);
		assert((await pub.textContent('main')).includes('بالرد على كل طلب'), 'not revision 2');
		await pub.goto(`${BASE}/policies/${POL}/1/`);
		assert((await pub.textContent('main')).includes('لم يعد معمولًا به'), 'revision 1 not superseded');
		await pub.goto(`${BASE}/policies/${POL}/history/`);
		assert((await pub.textContent('main')).includes('الإصدار 2'), 'history');
		const r = await pub.goto(`${BASE}/policies/${POL}/compare/1-2/`);
		assert(r.status() === 200, 'compare ' + r.status());
		const f = await (await pub.request.get(`${BASE}/feed.xml`)).text();
		assert(f.includes(`/policies/${POL}/2/`), 'feed');
	});
	await check('chair: rolls the site back, and revision 1 is in force again', async () => {
		await chair.goto('/staff/policies');
		await chair.press('form[action="/staff/policies/rollback"] button');
		assert(await waitFor("SELECT count(*) FROM publish_job WHERE kind = 'rollback' AND outcome = 'done'", '1'), 'not done');
		await chair.goto('/staff/policies?done=rollback');
		const r = await pub.goto(`${BASE}/policies/${POL}/2/`);
		assert(r.status() === 404, 'revision 2 still there: ' + r.status());
		await pub.goto(`${BASE}/policies/${POL}/`);
		assert(!(await pub.textContent('main')).includes('بالرد على كل طلب'), 'still revision 2');
	});
	await pub.context().close();
}

await check('secretary: edits the privacy notice and previews it as the site will show it', async () => {
	await sec.goto('/staff/content');
	await sec.press('form:has(input[value="pages/privacy.md"]) button');
	assert(sec.page.url().includes('/staff/edits/'), sec.page.url());
	assert(await sec.page.locator('label[for="field-text"]').count() === 1, 'no label for the text');
	await sec.press('button[name="action"][value="preview"]');
	assert(sec.page.url().endsWith('/preview'), sec.page.url());
	assert((await sec.page.textContent('main')).length > 200, 'empty preview');
});

await browser.close();
if (foreign.length)
	fail('publish: no request leaves the server', foreign.slice(0, 3).join(' '));
else
	pass('publish: every request the pages made went to their own server');
process.exit(failed);
