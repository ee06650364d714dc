// The staff console in a real browser, as staff would work: Debian's
// chromium driven by playwright-core, axe-core on every console page.
// An applicant sends a support request; the officer enrols (the code
// computed here from the secret the page shows), signs in with the
// keyboard only, opens the request, reveals a masked field and moves it
// to study; a committee member on a 360 px phone decides it; the manager
// exports, reads the report and answers an erasure request; the admin
// sees the accounts.
//
//   BASE=http://127.0.0.1:PORT DB=... OUT=... TOKENS=name:role:token,...
//   node console.mjs
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
		if (!this.keyboard)
			await Promise.all([this.page.waitForNavigation(), this.page.click(sel)]);
		else {
			await this.tabTo(sel);
			await Promise.all([this.page.waitForNavigation(), this.page.keyboard.press('Enter')]);
		}
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

// ---- the doors: the sign-in page, an unknown page, enrolment ----
{
	const page = await newPage();
	const anon = new Staff(page, false, null);
	await check('console: the sign-in page, with its three fields labelled', async () => {
		await anon.goto('/staff/signin');
		for (const id of ['field-name', 'field-password', 'field-code'])
			assert(await page.locator(`label[for="${id}"]`).count() === 1, 'no label for ' + id);
	});
	await check('console: a page behind the sign-in leads to it', async () => {
		await page.goto(BASE + '/staff/queue');
		assert(page.url().endsWith('/staff/signin'), page.url());
	});
	await check('console: an expired enrolment link says so', async () => {
		await anon.goto('/staff/enrol?token=' + 'x'.repeat(43));
		assert((await page.textContent('main')).includes('رابط التفعيل هذا غير صالح'), 'no message');
	});
	await page.context().close();
}

const officer = new Staff(await newPage(), true, accounts.officer);
await check('officer: enrols at the link and signs in, keyboard only', () => enrolAndSignIn(officer));
const committee = new Staff(await newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true }), false, accounts.committee);
await check('committee: enrols and signs in on a 360 px phone', () => enrolAndSignIn(committee));
await check('committee: the console fits a 360 px screen', async () => {
	const w = await committee.page.evaluate(() => document.documentElement.scrollWidth);
	assert(w <= 360, 'page is ' + w + ' px wide');
	await committee.page.screenshot({ path: `${OUT}/committee-360.png`, fullPage: true });
});
const manager = new Staff(await newPage(), false, accounts.manager);
await check('manager: enrols and signs in', () => enrolAndSignIn(manager));
const admin = new Staff(await newPage(), false, accounts.admin);
await check('admin: enrols and signs in', () => enrolAndSignIn(admin));

// ---- an applicant's request, from received to a decision ----
let ref = null;
await check('applicant: sends a support request on the site', async () => {
	const page = await newPage();
	await page.goto(BASE + '/services/support-request/');
	await page.fill('#field-full_name', 'نورة بنت عبدالله القحطاني');
	await page.fill('#field-national_id', '1000000008');
	await page.fill('#field-mobile', '0500000000');
	await page.fill('#field-city', 'تبوك');
	await page.fill('#field-family_size', '6');
	await page.fill('#field-monthly_income', '2500');
	await page.fill('#field-need', 'يحتاج سقف المنزل إلى ترميم قبل الشتاء.');
	await page.check('#field-declaration');
	await page.check('#field-privacy_consent');
	await Promise.all([page.waitForURL(/\/received\//), page.click('button[type="submit"]')]);
	ref = page.url().split('/').pop();
	assert(/^[A-Z0-9]{8}$/.test(ref), 'reference ' + ref);
	await page.context().close();
});
await check('officer: finds the request in the queue, keyboard only', async () => {
	await officer.press('#staff-nav a[href="/staff/queue"]');
	assert((await officer.page.textContent('main')).includes(ref), 'not in the queue');
	await officer.press(`a[href="/staff/request/${ref}"]`);
	const t = await officer.page.textContent('main');
	assert(!t.includes('1000000008') && !t.includes('0500000000') && !t.includes('+966500000000'), 'personal fields not masked');
	assert(t.includes('تبوك'), 'answers not shown');
});
await check('officer: reveals the masked fields with a reason and a code', async () => {
	await officer.type('#field-reason', 'للتحقق من هوية مقدمة الطلب قبل الدراسة');
	await officer.type('#field-code', await code(officer.acct));
	await officer.press('form[action$="/reveal"] button[type="submit"]');
	assert((await officer.page.textContent('main')).includes('1000000008'), 'not revealed');
	assert(sql(`SELECT count(*) FROM audit WHERE action = 'reveal' AND ref = '${ref}' AND actor = '${officer.acct.name}'`) === '1', 'reveal not audited');
});
await check('officer: moves it to under study with a note', async () => {
	await officer.goto(`/staff/request/${ref}`);
	await officer.choose('#field-to', 'under-study');
	await officer.type('#field-note', 'اكتملت البيانات، وأُحيل الطلب إلى لجنة البحث.');
	await officer.press('form[action$="/status"] button[type="submit"]');
	assert(sql(`SELECT status FROM submission WHERE ref = '${ref}'`) === 'under-study', 'status');
	assert((await officer.page.textContent('main')).includes('اكتملت البيانات'), 'history has no note');
	assert(await officer.page.locator('#field-to option[value="accepted"]').count() === 0, 'the officer is offered a decision');
});
await check('committee: decides on the phone, and the decision names the revision in force', async () => {
	await committee.goto(`/staff/request/${ref}`);
	await committee.choose('#field-to', 'accepted');
	await committee.type('#field-note', 'قررت اللجنة قبول الطلب.');
	await committee.press('form[action$="/status"] button[type="submit"]');
	assert(sql(`SELECT status FROM submission WHERE ref = '${ref}'`) === 'accepted', 'status');
	const rev = sql(`SELECT revision FROM audit WHERE ref = '${ref}' AND to_status = 'accepted'`);
	assert(/^beneficiary-relations\/\d+$/.test(rev), 'revision ' + rev);
	const w = await committee.page.evaluate(() => document.documentElement.scrollWidth);
	assert(w <= 360, 'page is ' + w + ' px wide');
	await committee.page.screenshot({ path: `${OUT}/request-360.png`, fullPage: true });
});

// ---- the manager: export, report, an erasure ----
async function download(who, sel) {
	const [dl] = await Promise.all([who.page.waitForEvent('download'), who.page.click(sel)]);
	return readFileSync(await dl.path(), 'utf8');
}
await check('manager: exports the requests as CSV for Excel', async () => {
	await manager.press('#staff-nav a[href="/staff/export"]');
	await manager.choose('#field-form', 'support-request');
	await manager.type('#field-code', await code(manager.acct));
	const csv = await download(manager, 'form[action="/staff/export"] button[type="submit"]');
	assert(csv.startsWith('\ufeff') && csv.includes(ref) && csv.includes('\r\n'), 'CSV ' + csv.slice(0, 80));
	assert(sql(`SELECT count(*) FROM audit WHERE action = 'export' AND actor = '${manager.acct.name}'`) === '1', 'export not audited');
});
await check('manager: reads the satisfaction report and downloads it', async () => {
	await manager.press('#staff-nav a[href="/staff/report"]');
	assert((await manager.page.textContent('h1')).length > 0, 'no heading');
	const html = await download(manager, 'a[href^="/staff/report/file?format=html"]');
	assert(html.includes('<html') && !html.includes('<script'), 'report file');
});
await check('manager: answers an erasure request: found, confirmed with a code, erased', async () => {
	await manager.press('#staff-nav a[href="/staff/privacy"]');
	await manager.page.check('#field-kind-erase');
	await manager.type('#field-national_id', '1000000008');
	await manager.press('form[action="/staff/privacy/open"] button[type="submit"]');
	if (!/\/staff\/privacy\/\d+/.test(manager.page.url()))
		await manager.press('a[href^="/staff/privacy/"]');
	assert((await manager.page.textContent('main')).includes(ref), 'the request not found for the person');
	assert((await manager.page.textContent('main')).match(/\d{2}\/\d{2}\/14\d\dهـ/), 'no Hijri due date');
	assert(await manager.page.locator('form[action$="/erase"]').count() === 1,
		'no erasure form: ' + (await manager.page.textContent('main')).replace(/\s+/g, ' ').slice(0, 400));
	await manager.page.check('#field-confirm');
	await manager.type('form[action$="/erase"] #field-code', await code(manager.acct));
	await manager.press('form[action$="/erase"] button[type="submit"]');
	assert(sql(`SELECT count(*) FROM submission WHERE ref = '${ref}'`) === '0', 'not erased');
	assert(sql(`SELECT count(*) FROM privacy_request WHERE closed_at IS NOT NULL AND national_id IS NULL AND outcome = 'erased'`) === '1', 'request not closed');
});
await check('admin: sees the accounts and the trail, and no request', async () => {
	await admin.press('#staff-nav a[href="/staff/users"]');
	for (const a of Object.values(accounts))
		assert((await admin.page.textContent('main')).includes(a.name), 'no ' + a.name);
	await admin.press('#staff-nav a[href="/staff/audit"]');
	const r = await admin.page.goto(BASE + '/staff/queue');
	assert(r.status() === 403, 'queue for the admin: ' + r.status());
	await axe(admin.page, '403 page');
});

await check('officer: signs out, and the session is over', async () => {
	await officer.press('form[action="/staff/signout"] button[type="submit"]');
	assert(officer.page.url().includes('/staff/signin?done=out'), officer.page.url());
	await officer.page.goto(BASE + '/staff/queue');
	assert(officer.page.url().endsWith('/staff/signin'), 'still signed in');
});

await browser.close();
if (foreign.length)
	fail('console: no request leaves the server', foreign.slice(0, 3).join(' '));
else
	pass('console: every request the console\'s pages made went to its own server');
process.exit(failed);
