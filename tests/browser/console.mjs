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

import { readFileSync } from 'node:fs';
import { BASE, OUT, check, assert, sql, code, axe, newPage, Staff,
	enrolAndSignIn, accounts, finish } from './staff.mjs';

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

await finish('console');
