import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { ADMIN, gql, launchBrowser, shot, startServer } from './harness.ts';
import type { RunningPlatform } from '../../server/platform.ts';

/** A staff member created with an initial password chooses their own at first sign-in (issue 9, item 12). */

let server: RunningPlatform;
let browser: Browser;
let admin: string;

/** A new staff member, as an admin adds one; returns the initial password they were shown. */
async function addStaff(email: string, name: string): Promise<string> {
  const added = await gql(
    server,
    'mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) { initialPassword } }',
    { input: { commandId: randomUUID(), email, name, staffRole: 'support' } },
    admin,
  );
  return added.data.addStaffMember.initialPassword as string;
}

beforeAll(async () => {
  server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  admin = (
    await gql(server, 'mutation($e:String!,$p:String!){ signIn(email:$e,password:$p){ next } }', {
      e: ADMIN.email,
      p: ADMIN.password,
    })
  ).cookie!;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('first sign-in with an initial password', () => {
  for (const [label, viewport] of [
    ['desktop', { width: 1366, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    it(`holds the staff member at "choose your own password", then signs them in (${label})`, async () => {
      const email = `first.${label}@akashone.com`;
      const initial = await addStaff(email, `First ${label}`);
      const page = await (await browser.newContext({ viewport })).newPage();
      await page.goto(`${server.url}/login`);
      await page.getByTestId('login-email').fill(email);
      await page.getByTestId('login-password').fill(initial);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('new-password-form').waitFor();
      expect(
        await page.getByRole('heading', { name: 'Choose your own password' }).isVisible(),
      ).toBe(true);
      await shot(page, `first-password-01-step-${label}`);

      // The password they were given is refused as their own.
      await page.getByTestId('new-password').fill(initial);
      await page.getByTestId('new-password-repeat').fill(initial);
      await page.getByTestId('new-password-submit').click();
      await page.getByTestId('new-password-error').waitFor();
      expect(await page.getByTestId('new-password-error').textContent()).toMatch(
        /not the one you were given/,
      );
      await shot(page, `first-password-02-refused-${label}`);

      await page.getByTestId('new-password').fill('my own staff passphrase');
      await page.getByTestId('new-password-repeat').fill('my own staff passphrase');
      await page.getByTestId('new-password-submit').click();
      // Signed in: the staff home (the user menu is hidden on a phone, so wait for the page).
      await page.waitForURL((url) => url.pathname.startsWith('/admin'));
      await page.getByTestId('current-user').waitFor({ state: 'attached' });
      await shot(page, `first-password-03-signed-in-${label}`);
      await page.context().close();

      // The initial password no longer works; the new one signs straight in.
      await expect(
        gql(server, 'mutation($e:String!,$p:String!){ signIn(email:$e,password:$p){ next } }', {
          e: email,
          p: initial,
        }),
      ).rejects.toThrow(/Wrong email or password/);
      expect(
        (
          await gql(
            server,
            'mutation($e:String!,$p:String!){ signIn(email:$e,password:$p){ next } }',
            {
              e: email,
              p: 'my own staff passphrase',
            },
          )
        ).data.signIn.next,
      ).toBe('DONE');
    });
  }
});
