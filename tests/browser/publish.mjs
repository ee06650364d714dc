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

import { BASE, OUT, check, assert, sql, code, axe, newPage, Staff, enrolAndSignIn,
	accounts, finish } from './staff.mjs';

const POL = 'beneficiary-relations';

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
	await check('chair: told what a rollback undoes, withdraws revision 2, and revision 1 is in force again', async () => {
		await chair.goto('/staff/policies');
		assert((await chair.page.textContent('main')).includes('الإصدار 2 من'), 'the rollback does not name revision 2');
		await chair.press('form[action="/staff/policies/rollback"] button');
		assert(await waitFor("SELECT count(*) FROM publish_job WHERE kind = 'rollback' AND outcome = 'done'", '1'), 'not done');
		await chair.goto('/staff/policies?done=rollback');
		assert((await chair.page.textContent('main')).includes('سُحب بالتراجع عنه'), 'revision 2 not listed as withdrawn');
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

await finish('publish');
