// End-to-end test of the release build: dist/ served by a plain static file server under a
// sub-path, opened in headless Chromium, checked as a trainee would see it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, symlinkSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const SUB_PATH = '/training/leadiq/';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

let server;
let browser;
let siteUrl;
let webRoot;

function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

async function waitForServer(url) {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const answer = await fetch(url);
      if (answer.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the static server never answered at ${url}`);
}

/** A page that records console errors, uncaught exceptions and every URL it requests. */
async function openPage(url) {
  const page = await browser.newPage({ acceptDownloads: true });
  const problems = [];
  const requested = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
  page.on('request', (request) => requested.push(request.url()));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(url);
  await page.waitForSelector('[data-testid=step-heading]', { timeout: 20000 });
  return { page, problems, requested };
}

before(async () => {
  assert.ok(existsSync(join(DIST, 'index.html')), 'dist/ is built (trunk build --release)');
  webRoot = mkdtempSync(join(tmpdir(), 'leadiq-e2e-'));
  mkdirSync(join(webRoot, 'training'));
  symlinkSync(DIST, join(webRoot, 'training', 'leadiq'));

  const port = await freePort();
  server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1'], {
    cwd: webRoot,
    stdio: 'ignore',
  });
  siteUrl = `http://127.0.0.1:${port}${SUB_PATH}`;
  await waitForServer(siteUrl);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
});

test('the release site renders under a sub-path with no console errors', async () => {
  const { page, problems, requested } = await openPage(siteUrl);

  assert.match(await page.textContent('header h1'), /LeadIQ SCIM sandbox/);
  const titles = await page.$$eval('.step-nav .step-title',
    (els) => els.map((e) => e.textContent));
  assert.deepEqual(titles, [
    'Enterprise plan and SSO add-on',
    'SSO/SCIM admin settings',
    'SCIM token and base URL',
    'LeadIQ app in Okta',
    'Attribute mapping',
    'Assign users and groups',
  ]);
  assert.match(await page.textContent('footer'), /not affiliated with LeadIQ or Okta/);
  assert.match(await page.textContent('footer'), /sends nothing/);

  const origin = new URL(siteUrl).origin;
  const elsewhere = requested.filter((url) => !url.startsWith(`${origin}${SUB_PATH}`));
  assert.deepEqual(elsewhere, [], 'every asset loads from the sub-path, nothing else is fetched');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a step has its own address, and the choice survives a reload', async () => {
  const { page, problems } = await openPage(`${siteUrl}#/okta-app`);
  assert.match(await page.textContent('[data-testid=step-heading]'),
    /^Step 4: LeadIQ app in Okta/);

  await page.click('a[data-step=mapping]');
  await page.waitForFunction(() => location.hash === '#/mapping');
  await page.goto(siteUrl);
  await page.waitForSelector('[data-testid=step-heading]');
  assert.match(await page.textContent('[data-testid=step-heading]'), /^Step 5: Attribute mapping/);
  assert.deepEqual(problems, []);
  await page.close();
});

/** The state badges of the six steps, in order. */
/** The selector of a LeadIQ user's row in step 6, active or not. */
function userRow(userName, active) {
  return `[data-testid=leadiq-users] tr[data-user-name="${userName}"][data-active=${active}]`;
}

async function stepStates(page) {
  return page.$$eval('.step-nav [data-testid=step-status]',
    (els) => els.map((e) => e.textContent));
}

async function goToStep(page, slug) {
  await page.click(`a[data-step=${slug}]`);
  await page.waitForFunction((s) => location.hash === `#/${s}`, slug);
}

test('a trainee walks through all six steps, provisions and deprovisions, '
  + 'and a reload keeps it all', async () => {
  const { page, problems } = await openPage(siteUrl);

  // Step 1: the add-on is refused below Enterprise, then bought.
  await page.click('[data-testid=sso-addon]');
  assert.match(await page.textContent('[data-testid=gate-error]'), /Enterprise/);
  await page.click('input[value=Enterprise]');
  await page.click('[data-testid=sso-addon]');
  assert.deepEqual((await stepStates(page)).slice(0, 2), ['Done', 'To do']);

  // Step 2: Entra ID is a dead end with a manual fallback; Okta and SSO on open SCIM.
  await goToStep(page, 'admin-settings');
  await page.click('input[value="Entra ID"]');
  assert.match(await page.textContent('[data-testid=idp-answer]'), /no SCIM path/i);
  await page.click('input[value=Okta]');
  await page.click('[data-testid=sso-toggle]');
  assert.match(await page.textContent('[data-testid=scim-section]'), /open/);

  // Step 3: the token is shown once, with the base URL.
  await goToStep(page, 'credentials');
  await page.click('[data-testid=generate-token]');
  const token = await page.inputValue('[data-testid=token]');
  const baseUrl = await page.inputValue('[data-testid=base-url]');
  assert.ok(token.length >= 32, 'a long random token');
  assert.match(baseUrl, /^https:\/\/.+\/scim\/v2$/);

  // Step 4: a doubled Bearer prefix is a 401 in Okta's words, then the right value works.
  await goToStep(page, 'okta-app');
  await page.fill('[data-testid=okta-base-url]', baseUrl);
  await page.fill('[data-testid=okta-authorization]', `Bearer Bearer ${token}`);
  const preview = await page.textContent('[data-testid=preview]');
  assert.match(preview, /GET https:\/\/.+\/scim\/v2\/Users\?startIndex=1&count=2/);
  assert.ok(!preview.includes(token), 'the token is masked in the preview');
  await page.click('[data-testid=test-credentials]');
  assert.doesNotMatch(await page.textContent('[data-testid=test-result]'), /success/i);
  assert.match(await page.textContent('[data-testid=last-outcome]'), /HTTP\/1\.1 401/);
  await page.fill('[data-testid=okta-authorization]', `Bearer ${token}`);
  await page.click('[data-testid=test-credentials]');
  assert.match(await page.textContent('[data-testid=last-outcome]'), /HTTP\/1\.1 200/);
  assert.deepEqual((await stepStates(page)).slice(0, 4), ['Done', 'Done', 'Done', 'Done']);
  const logged = await page.$$eval('[data-testid=activity-entry]', (els) => els.length);
  assert.equal(logged, 2, 'both credential tests are in the activity log');
  await page.click('[data-testid=feature-0]');
  await page.click('[data-testid=feature-2]');

  // Step 5: the template mappings are valid, and the POST body follows the chosen person.
  await goToStep(page, 'mapping');
  assert.match(await page.textContent('[data-testid=preview-post]'),
    /"userName": "ada\.lovelace@example\.com"/);

  // Step 6: assign a person and a group, then deactivate someone in Okta.
  await goToStep(page, 'assign');
  const ada = 'tr[data-person="ada.lovelace@example.com"]';
  await page.click(`${ada} button[data-action=assign]`);
  await page.waitForSelector(userRow('ada.lovelace@example.com', true));
  await page.click('[data-testid=okta-groups] button[data-action=assign-group]');
  await page.waitForSelector(userRow('alan.turing@example.com', true));
  await page.click(`${ada} button[data-action=deactivate]`);
  await page.waitForSelector(userRow('ada.lovelace@example.com', false));
  const leadiqUsers = async () => page.$$eval('[data-testid=leadiq-users] tr[data-user-name]',
    (rows) => rows.map((r) => `${r.dataset.userName}:${r.dataset.active}`).sort());
  const before = await leadiqUsers();
  assert.deepEqual(before, [
    'ada.lovelace@example.com:false',
    'alan.turing@example.com:true',
    'grace.hopper@example.com:true',
  ]);
  assert.deepEqual(await stepStates(page), ['Done', 'Done', 'Done', 'Done', 'Done', 'Done']);
  const exchanges = await page.$$eval('[data-testid=activity-entry]', (els) => els.length);

  // A reload finds everything as it was, except the token, which is shown only once.
  await page.waitForTimeout(500);
  await page.reload();
  await page.waitForSelector('[data-testid=step-heading]');
  assert.match(await page.textContent('[data-testid=step-heading]'), /^Step 6/);
  assert.deepEqual(await stepStates(page), ['Done', 'Done', 'Done', 'Done', 'Done', 'Done']);
  assert.deepEqual(await leadiqUsers(), before);
  assert.equal(await page.$$eval('[data-testid=activity-entry]', (els) => els.length), exchanges);
  await goToStep(page, 'okta-app');
  assert.equal(await page.inputValue('[data-testid=okta-authorization]'), `Bearer ${token}`);
  await goToStep(page, 'credentials');
  assert.equal(await page.$('[data-testid=token]'), null, 'the token is not shown again');
  assert.deepEqual(problems, []);
  await page.close();
});

test('export and import round-trip a scenario, and a wrong file is refused without harm',
  async () => {
  const { page, problems } = await openPage(siteUrl);
  await page.click('input[value=Enterprise]');
  await page.click('[data-testid=sso-addon]');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid=export]'),
  ]);
  const exported = JSON.parse(await streamText(await download.createReadStream()));
  assert.equal(exported.version, 2);
  assert.equal(exported.tenant.plan, 'Enterprise');

  // A file that is not a sandbox is refused and changes nothing.
  await page.setInputFiles('[data-testid=import]', {
    name: 'notes.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"hello": "world"}'),
  });
  await page.waitForSelector('[data-testid=toolbar-message]');
  assert.match(await page.textContent('[data-testid=toolbar-message]'), /refused.*unchanged/i);
  assert.equal((await stepStates(page))[0], 'Done');

  // Reset (confirmed) starts over; importing the export brings the scenario back.
  page.once('dialog', (dialog) => dialog.accept());
  await page.click('[data-testid=reset]');
  assert.equal((await stepStates(page))[0], 'To do');
  await page.setInputFiles('[data-testid=import]', {
    name: 'scenario.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(exported)),
  });
  await page.waitForFunction(() =>
    document.querySelector('[data-testid=toolbar-message]')?.textContent.includes('imported'));
  assert.equal((await stepStates(page))[0], 'Done');
  assert.deepEqual(problems, []);
  await page.close();
});

async function streamText(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
