// wasl in a real browser: Debian's chromium driven by playwright-core, as
// an applicant would use the site (on a phone and a desktop, with the
// keyboard only, without JavaScript), with axe-core checking WCAG 2.0,
// 2.1 and 2.2 A and AA on every kind of page.
//
//   BASE=http://127.0.0.1:PORT DB=var/wasl.db OUT=tests/out node run.mjs
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

// ---- reading ---------------------------------------------------------------
{
	const page = await newPage();
	await check('read: home page', async () => {
		await page.goto(BASE + '/');
		assert(await page.locator('html[lang="ar"][dir="rtl"]').count() === 1, 'no lang/dir');
		assert((await page.textContent('h1')).includes('جمعية إحسان'), 'no name');
		await page.click('text=سياسة تنظيم العلاقة مع المستفيدين');
		assert(page.url().endsWith('/policies/beneficiary-relations/'), page.url());
	});
	await check('read: policy, following its table of contents to a heading', async () => {
		await page.click('nav.toc >> text=الأهداف التفصيلية');
		const hash = decodeURIComponent(new URL(page.url()).hash);
		assert(hash === '#الأهداف-التفصيلية', hash);
		const h = page.locator('h2[id="الأهداف-التفصيلية"]');
		assert(await h.isVisible(), 'heading not visible');
		const box = await h.boundingBox();
		assert(box && box.y >= -5 && box.y < 200, 'heading not scrolled to: ' + (box && box.y));
	});
	await check('read: approval record in Hijri and Gregorian', async () => {
		const t = await page.textContent('#approval');
		assert(t.includes('10/02/1446هـ الموافق 14/08/2024م'), t);
	});
	await check('read: a channel page', async () => {
		await page.goto(BASE + '/channels/');
		await page.click('main >> text=الموقع الإلكتروني للجمعية');
		assert((await page.textContent('h1')).includes('الموقع الإلكتروني'), 'h1');
	});
	await check('read: a service page with its form', async () => {
		await page.goto(BASE + '/services/');
		await page.click('main >> text=طلب دعم مستفيد');
		assert(await page.locator('form[action="/forms/support-request"]').count() === 1, 'no form');
	});
	await page.context().close();
}

// ---- a support request, typed as a person types ------------------------------
async function fillSupport(page, o = {}) {
	await page.fill('#field-full_name', o.name ?? 'نورة بنت عبدالله القحطاني');
	await page.fill('#field-national_id', o.id ?? '١٠٠٠ ٠٠٠ ٠٠٨');
	await page.fill('#field-mobile', o.mobile ?? '050 000 0000');
	await page.fill('#field-city', 'تبوك');
	await page.fill('#field-family_size', '٦');
	await page.fill('#field-monthly_income', '2500');
	await page.check('#field-support_type-repair');
	await page.fill('#field-need', o.need ?? 'يحتاج سقف المنزل إلى ترميم قبل الشتاء.');
	await page.check('#field-declaration');
	await page.check('#field-privacy_consent');
}

async function submitAndConfirm(page, form, name) {
	await Promise.all([page.waitForURL(/\/received\//), page.click('button[type="submit"]')]);
	const ref = page.url().split('/').pop();
	assert(/^[ACDEFGHJKMNPQRTUVWXY34679]{8}$/.test(ref), 'reference ' + ref);
	assert((await page.textContent('.confirmation')).includes(ref), 'reference not shown');
	assert(sql(`SELECT form FROM submission WHERE ref = '${ref}'`) === form, 'not stored');
	return ref;
}

for (const [label, opts] of [['', {}], [' (JavaScript off)', { javaScriptEnabled: false }]]) {
	const page = await newPage(opts);
	await check('support request: filled and sent' + label, async () => {
		await page.goto(BASE + '/services/support-request/');
		await fillSupport(page, { name: 'نورة القحطاني' + label });
		const ref = await submitAndConfirm(page, 'support-request');
		const v = sql(`SELECT value FROM field JOIN submission ON id = submission_id WHERE ref = '${ref}' AND name = 'national_id'`);
		assert(v === '1000000008', 'national id ' + v);
		const m = sql(`SELECT value FROM field JOIN submission ON id = submission_id WHERE ref = '${ref}' AND name = 'mobile'`);
		assert(m === '+966500000000', 'mobile ' + m);
	});
	await check('support request: mistakes shown, fixed, sent' + label, async () => {
		await page.goto(BASE + '/services/support-request/');
		await fillSupport(page, { id: '1234567890', mobile: '0612' });
		await Promise.all([page.waitForLoadState('load'), page.click('button[type="submit"]')]);
		const summary = page.locator('#error-summary');
		assert(await summary.isVisible(), 'no error summary');
		const top = await summary.boundingBox();
		const h1 = await page.locator('h1').boundingBox();
		assert(top.y < h1.y, 'summary not at the top');
		assert(await page.evaluate(() => document.activeElement && document.activeElement.id) === 'error-summary',
			'summary does not take focus');
		assert(await page.inputValue('#field-full_name') === 'نورة بنت عبدالله القحطاني', 'name not kept');
		assert(await page.inputValue('#field-need') === 'يحتاج سقف المنزل إلى ترميم قبل الشتاء.', 'need not kept');
		assert(await page.isChecked('#field-support_type-repair'), 'choice not kept');
		await page.click('#error-summary >> a[href="#field-national_id"]');
		assert(decodeURIComponent(new URL(page.url()).hash) === '#field-national_id', 'link');
		const msg = await page.textContent('#error-national_id');
		assert(msg.includes('رقم الهوية'), msg);
		assert(await page.getAttribute('#field-national_id', 'aria-describedby') === 'hint-national_id error-national_id',
			'error not tied to its field');
		await page.screenshot({ path: `${OUT}/support-errors${label ? '-nojs' : ''}.png`, fullPage: true });
		await page.fill('#field-national_id', '1000000008');
		await page.fill('#field-mobile', '0500000001');
		await submitAndConfirm(page, 'support-request');
	});
	await page.context().close();
}

// ---- with the keyboard only ------------------------------------------------
{
	const page = await newPage();
	await check('keyboard: the whole support request without a mouse', async () => {
		await page.goto(BASE + '/services/support-request/');
		await page.keyboard.press('Tab');
		assert(await page.evaluate(() => document.activeElement.className) === 'skip-link', 'skip link first');
		await page.keyboard.press('Enter');
		// Tab forward until the first field has focus.
		for (let i = 0; i < 80; i++) {
			await page.keyboard.press('Tab');
			if (await page.evaluate(() => document.activeElement.id) === 'field-full_name') break;
		}
		const typeIn = async (text) => { await page.keyboard.type(text); await page.keyboard.press('Tab'); };
		const focusStyle = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
		assert(focusStyle !== 'none', 'focus not visible');
		await typeIn('سعاد الحربي');
		await typeIn('١٠٠٠٠٠٠٠٠٨');
		await typeIn('0555555555');
		await typeIn('تبوك');
		await typeIn('3');
		await typeIn('1000');
		// radios: the group takes one Tab stop; Space picks the focused one
		await page.keyboard.press('Space');
		await page.keyboard.press('Tab');
		await page.keyboard.type('الإيجار متأخر ثلاثة أشهر.');
		await page.keyboard.press('Tab');
		await page.keyboard.press('Space');
		await page.keyboard.press('Tab');
		await page.keyboard.press('Space');
		// past the hidden trap field (not in the tab order) to the button
		await page.keyboard.press('Tab');
		assert(await page.evaluate(() => document.activeElement.tagName) === 'BUTTON', 'button not reached');
		await Promise.all([page.waitForURL(/\/received\//), page.keyboard.press('Enter')]);
		const ref = page.url().split('/').pop();
		assert(sql(`SELECT value FROM field JOIN submission ON id = submission_id WHERE ref = '${ref}' AND name = 'full_name'`) === 'سعاد الحربي', 'stored');
	});
	await page.context().close();
}

// ---- the survey and an inquiry ----------------------------------------------
{
	const page = await newPage();
	await check('survey: answered and sent', async () => {
		await page.goto(BASE + '/services/satisfaction-survey/');
		await page.check('#field-channel-website');
		for (const q of ['reception', 'clarity', 'speed', 'overall'])
			await page.check(`#field-${q}-4`);
		await page.fill('#field-comments', 'شكرًا على سرعة الرد.');
		await submitAndConfirm(page, 'satisfaction-survey');
	});
	await check('inquiry: a complaint with an e-mail for the reply', async () => {
		await page.goto(BASE + '/services/inquiry/');
		await page.check('#field-kind-complaint');
		await page.fill('#field-email', 'reader@example.com');
		await page.fill('#field-message', 'تأخر الرد على طلبي.');
		await page.check('#field-privacy_consent');
		await submitAndConfirm(page, 'inquiry');
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
