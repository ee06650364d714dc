// wasl in a real browser: Debian's chromium driven by playwright-core, as
// an applicant would use the site (on a phone and a desktop, with the
// keyboard only, without JavaScript), with axe-core checking WCAG 2.0,
// 2.1 and 2.2 A and AA on every kind of page.
//
//   BASE=http://127.0.0.1:PORT DB=var/data/wasl.db OUT=tests/out node run.mjs
//
// Prints "PASS name" / "FAIL name: detail" lines for tests/run.sh.

import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const BASE = process.env.BASE;
const DB = process.env.DB;
const OUT = process.env.OUT || 'tests/out/screenshots';
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
	} catch (e) {
		fail(name, e && e.message ? e.message : e);
	}
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }
function sql(q) {
	return execFileSync('sqlite3', ['-batch', DB, q], { encoding: 'utf8' }).trim();
}

mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	headless: true,
	args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
		'--disable-background-networking', '--disable-component-update',
		'--disable-sync'],
});

// Every request a page makes must go to our own server.
const foreign = [];
async function newPage(opts = {}) {
	const ctx = await browser.newContext({ locale: 'ar-SA', ...opts });
	const page = await ctx.newPage();
	page.on('request', (r) => {
		const u = new URL(r.url());
		if (u.protocol !== 'data:' && u.host !== host)
			foreign.push(r.url());
	});
	return page;
}

// ---- a person: the same scenarios with the mouse or with the keyboard only
class Person {
	constructor(page, keyboard) {
		this.page = page;
		this.keyboard = keyboard;
	}
	// Tab until the element matching sel has focus; its focus is visible.
	async tabTo(sel) {
		const page = this.page;
		for (let i = 0; i < 400; i++) {
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
	async follow(sel) {
		if (!this.keyboard)
			return this.page.click(sel);
		await this.tabTo(sel);
		await this.page.keyboard.press('Enter');
	}
	async type(sel, text) {
		if (!this.keyboard)
			return this.page.fill(sel, text);
		await this.tabTo(sel);
		await this.page.keyboard.press('Control+A');
		await this.page.keyboard.press('Delete');
		await this.page.keyboard.type(text);
	}
	async tick(sel) {
		if (!this.keyboard)
			return this.page.check(sel);
		const page = this.page;
		const type = await page.getAttribute(sel, 'type');
		if (type === 'checkbox') {
			await this.tabTo(sel);
			if (!(await page.isChecked(sel)))
				await page.keyboard.press('Space');
		} else {
			// a radio group is one Tab stop; arrows move the choice
			const name = await page.getAttribute(sel, 'name');
			await this.tabTo(`input[name="${name}"]`);
			await page.keyboard.press('Space');
			for (let i = 0; i < 20 && !(await page.isChecked(sel)); i++)
				await page.keyboard.press('ArrowDown');
		}
		assert(await page.isChecked(sel), `${sel} not ticked`);
	}
	async submit() {
		if (!this.keyboard)
			return this.page.click('button[type="submit"]');
		await this.tabTo('button[type="submit"]');
		await this.page.keyboard.press('Enter');
	}
}

async function submitAndConfirm(who, form) {
	await Promise.all([who.page.waitForURL(/\/received\//), who.submit()]);
	const ref = who.page.url().split('/').pop();
	assert(/^[ACDEFGHJKMNPQRTUVWXY34679]{8}$/.test(ref), 'reference ' + ref);
	assert((await who.page.textContent('.confirmation')).includes(ref), 'reference not shown');
	assert(sql(`SELECT form FROM submission WHERE ref = '${ref}'`) === form, 'not stored');
	return ref;
}
function stored(ref, name) {
	return sql(`SELECT value FROM field JOIN submission ON id = submission_id WHERE ref = '${ref}' AND name = '${name}'`);
}

async function fillSupport(who, o = {}) {
	await who.type('#field-full_name', o.name ?? 'نورة بنت عبدالله القحطاني');
	await who.type('#field-national_id', o.id ?? '١٠٠٠ ٠٠٠ ٠٠٨');
	await who.type('#field-mobile', o.mobile ?? '050 000 0000');
	await who.type('#field-city', 'تبوك');
	await who.type('#field-family_size', '٦');
	await who.type('#field-monthly_income', '2500');
	await who.type('#field-need', 'يحتاج سقف المنزل إلى ترميم قبل الشتاء.');
	await who.tick('#field-declaration');
	await who.tick('#field-privacy_consent');
}

const modes = [
	['', {}, false],
	[' (keyboard only)', {}, true],
	[' (JavaScript off)', { javaScriptEnabled: false }, false],
];
for (const [label, opts, keyboard] of modes) {
	const page = await newPage(opts);
	const who = new Person(page, keyboard);

	await check('read: home page' + label, async () => {
		await page.goto(BASE + '/');
		assert(await page.locator('html[lang="ar"][dir="rtl"]').count() === 1, 'no lang/dir');
		assert((await page.textContent('h1')).includes('جمعية إحسان'), 'no name');
		if (keyboard) {
			await page.keyboard.press('Tab');
			assert(await page.evaluate(() => document.activeElement.className) === 'skip-link', 'skip link first');
		}
		await Promise.all([page.waitForURL(/\/policies\/beneficiary-relations\/$/),
			who.follow('main a[href="/policies/beneficiary-relations/"]')]);
	});
	await check('read: policy, following its table of contents to a heading' + label, async () => {
		await who.follow('nav.toc a[href="#الأهداف-التفصيلية"]');
		await page.waitForTimeout(100);
		const hash = decodeURIComponent(new URL(page.url()).hash);
		assert(hash === '#الأهداف-التفصيلية', hash);
		const box = await page.locator('h2[id="الأهداف-التفصيلية"]').boundingBox();
		assert(box && box.y >= -5 && box.y < 200, 'heading not scrolled to: ' + (box && box.y));
		const t = await page.textContent('#approval');
		assert(t.includes('10/02/1446هـ الموافق 14/08/2024م'), 'approval record');
	});
	await check('read: a channel page' + label, async () => {
		await page.goto(BASE + '/channels/');
		await Promise.all([page.waitForURL(/\/channels\/website\/$/),
			who.follow('main a[href="/channels/website/"]')]);
		assert((await page.textContent('h1')).includes('الموقع الإلكتروني'), 'h1');
	});
	await check('read: a service page with its form' + label, async () => {
		await page.goto(BASE + '/services/');
		await Promise.all([page.waitForURL(/\/services\/support-request\/$/),
			who.follow('main a[href="/services/support-request/"]')]);
		assert(await page.locator('form[action="/forms/support-request"]').count() === 1, 'no form');
	});
	await check('support request: filled and sent' + label, async () => {
		await page.goto(BASE + '/services/support-request/');
		await fillSupport(who, { name: 'نورة القحطاني' + label });
		const ref = await submitAndConfirm(who, 'support-request');
		assert(stored(ref, 'full_name') === 'نورة القحطاني' + label, 'name ' + stored(ref, 'full_name'));
		assert(stored(ref, 'national_id') === '1000000008', 'national id');
		assert(stored(ref, 'mobile') === '+966500000000', 'mobile');
		assert(stored(ref, 'family_size') === '6', 'family size');
	});
	await check('support request: mistakes shown, fixed, sent' + label, async () => {
		await page.goto(BASE + '/services/support-request/');
		await fillSupport(who, { id: '1234567890', mobile: '0612' });
		await Promise.all([page.waitForLoadState('load'), who.submit()]);
		await page.waitForSelector('#error-summary');
		const top = await page.locator('#error-summary').boundingBox();
		const h1 = await page.locator('h1').boundingBox();
		assert(top.y < h1.y, 'summary not at the top');
		assert(await page.evaluate(() => document.activeElement && document.activeElement.id) === 'error-summary',
			'summary does not take focus');
		assert(await page.inputValue('#field-full_name') === 'نورة بنت عبدالله القحطاني', 'name not kept');
		assert(await page.inputValue('#field-need') === 'يحتاج سقف المنزل إلى ترميم قبل الشتاء.', 'need not kept');
		assert(await page.isChecked('#field-declaration'), 'declaration not kept');
		await who.follow('#error-summary a[href="#field-national_id"]');
		await page.waitForTimeout(100);
		assert(decodeURIComponent(new URL(page.url()).hash) === '#field-national_id', 'link');
		assert((await page.textContent('#error-national_id')).includes('رقم الهوية'), 'message');
		assert(await page.getAttribute('#field-national_id', 'aria-describedby') === 'hint-national_id error-national_id',
			'error not tied to its field');
		await page.screenshot({ path: `${OUT}/support-errors${label.replace(/\W+/g, '-')}.png`, fullPage: true });
		await who.type('#field-national_id', '2000000006');
		await who.type('#field-mobile', '+966 50 000 0001');
		const ref = await submitAndConfirm(who, 'support-request');
		assert(stored(ref, 'national_id') === '2000000006', 'corrected id');
		assert(stored(ref, 'mobile') === '+966500000001', 'corrected mobile');
	});
	await check('survey: answered and sent' + label, async () => {
		await page.goto(BASE + '/services/satisfaction-survey/');
		await who.tick('#field-channel-website');
		for (const q of ['reception', 'clarity', 'speed', 'overall'])
			await who.tick(`#field-${q}-4`);
		await who.type('#field-comments', 'شكرًا على سرعة الرد.');
		const ref = await submitAndConfirm(who, 'satisfaction-survey');
		assert(stored(ref, 'overall') === '4', 'rating');
	});
	await check('inquiry: a complaint with an e-mail for the reply' + label, async () => {
		await page.goto(BASE + '/services/inquiry/');
		await who.tick('#field-kind-complaint');
		await who.type('#field-email', 'reader@example.com');
		await who.type('#field-message', 'تأخر الرد على طلبي.');
		await who.tick('#field-privacy_consent');
		const ref = await submitAndConfirm(who, 'inquiry');
		assert(stored(ref, 'kind') === 'complaint', 'kind');
	});
	await page.context().close();
}

// ---- phones and desktops: nothing cut off, no sideways scrolling ---------
const pages = [
	['home', '/'], ['policy', '/policies/beneficiary-relations/'],
	['history', '/policies/beneficiary-relations/history/'],
	['policies', '/policies/'], ['changes', '/changes/'],
	['channels', '/channels/'], ['channel', '/channels/phone/'],
	['services', '/services/'], ['support-request', '/services/support-request/'],
	['survey', '/services/satisfaction-survey/'], ['inquiry', '/services/inquiry/'],
	['privacy', '/privacy/'], ['about', '/about/'], ['not-found', '/no/such/page/'],
];
for (const [w, h] of [[360, 740], [1280, 800]]) {
	const page = await newPage({ viewport: { width: w, height: h } });
	for (const [name, path] of pages) {
		await check(`layout ${w}x${h}: ${name} fits without sideways scrolling`, async () => {
			await page.goto(BASE + path);
			const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
			assert(over <= 0, `${over}px too wide`);
			const small = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p, main li') || document.body).fontSize));
			assert(small >= 14, `text ${small}px`);
			await page.screenshot({ path: `${OUT}/${name}-${w}x${h}.png`, fullPage: true });
		});
	}
	await page.context().close();
}

// ---- print ---------------------------------------------------------------
{
	const page = await newPage();
	await check('print: the policy without navigation, approval record and text complete', async () => {
		await page.goto(BASE + '/policies/beneficiary-relations/');
		await page.emulateMedia({ media: 'print' });
		assert(await page.locator('#site-nav').isHidden(), 'navigation printed');
		assert(await page.locator('#approval').isVisible(), 'approval record hidden');
		const last = page.locator('h2[id="اعتماد-مجلس-الإدارة"]');
		assert(await last.isVisible(), 'text incomplete');
		await page.pdf({ path: `${OUT}/policy-print.pdf` });
	});
	await page.context().close();
}

// ---- accessibility: axe-core on every kind of page -------------------------
async function axe(page) {
	await page.addScriptTag({ path: AXE });
	return page.evaluate(async () => {
		const r = await window.axe.run(document, {
			runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] },
		});
		return r.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes[0].target.join(' ')}`);
	});
}
{
	// axe is a script: this context alone lets it past the CSP
	const page = await newPage({ bypassCSP: true });
	await check('axe: the checker itself finds a known violation', async () => {
		await page.setContent('<html lang="ar"><body><img src="data:,"></body></html>');
		const v = await axe(page);
		assert(v.some((x) => x.startsWith('image-alt')), 'image-alt not found: ' + v.join('; '));
	});
	const all = pages.concat([['revision', '/policies/beneficiary-relations/1/']]);
	for (const [name, path] of all) {
		await check(`axe: ${name} has no WCAG A/AA violations`, async () => {
			await page.goto(BASE + path);
			const v = await axe(page);
			assert(v.length === 0, v.join('; '));
		});
	}
	await check('axe: a form showing errors has no violations', async () => {
		await page.goto(BASE + '/services/support-request/');
		await page.click('button[type="submit"]');
		await page.waitForSelector('#error-summary');
		const v = await axe(page);
		assert(v.length === 0, v.join('; '));
	});
	await check('axe: the confirmation page has no violations', async () => {
		await page.goto(BASE + '/services/inquiry/');
		await page.check('#field-kind-inquiry');
		await page.fill('#field-mobile', '0512345678');
		await page.fill('#field-message', 'سؤال عن مواعيد الزيارة.');
		await page.check('#field-privacy_consent');
		await Promise.all([page.waitForURL(/\/received\//), page.click('button[type="submit"]')]);
		await page.screenshot({ path: `${OUT}/confirmation.png`, fullPage: true });
		const v = await axe(page);
		assert(v.length === 0, v.join('; '));
	});
	await page.context().close();
}

await check('no request leaves the local server', async () => {
	assert(foreign.length === 0, foreign.slice(0, 5).join(' '));
});
await browser.close();
process.exit(failed);
