// What the browser tests of the staff console share (console.mjs,
// publish.mjs): the PASS/FAIL lines, the authenticator app (RFC 6238 from
// the secret the enrolment page shows, each step used once), Debian's
// chromium, axe-core on every page a person sees, a member of staff who
// works with the mouse or the keyboard only, enrolment and sign-in, and
// the accounts the test script made (TOKENS=name:role:token,...).

import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
export const BASE = process.env.BASE;
export const DB = process.env.DB;
export const OUT = process.env.OUT || 'tests/out/console';
export const PASSWORD = 'a phrase only this test knows';
const host = new URL(BASE).host;

let failed = 0;
export function pass(name) { console.log(`PASS ${name}`); }
export function fail(name, detail) {
	failed = 1;
	console.log(`FAIL ${name}: ${String(detail).replace(/\s+/g, ' ').slice(0, 500)}`);
}
export async function check(name, fn) {
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
export function assert(cond, msg) { if (!cond) throw new Error(msg); }
export function sql(q) {
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
export async function code(acct) {
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
export const browser = await chromium.launch({
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
export async function axe(page, name) {
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
export async function newPage(opts = {}) {
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
export class Staff {
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
export async function enrolAndSignIn(who) {
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

export const accounts = {};
for (const t of (process.env.TOKENS || '').split(',').filter(Boolean)) {
	const [name, role, token] = t.split(':');
	accounts[role] = { name, role, token, last: -1, secret: '' };
}

// The end of a test: the browser closed, no request having left the
// server, the exit status the lines say.
export async function finish(label) {
	await browser.close();
	if (foreign.length)
		fail(`${label}: no request leaves the server`, foreign.slice(0, 3).join(' '));
	else
		pass(`${label}: every request the pages made went to their own server`);
	process.exit(failed);
}
