/**
 * Credentials, rights and TLS, against the double run with security on (TLS with a throw-away
 * certificate authority, basic authentication, and EventStoreDB's rule that only admins and the
 * read roles of `$all`'s ACL may read `$all`). The least-privileged user the operations guide
 * documents (an ordinary user in a group that may read `$all`) runs the whole contract; every
 * missing piece fails at open with a message that names it and never shows the password.
 */
import { EventStoreDBClient } from '@eventstore/db-client';
import { EventStoreAccessError } from '@ledger/event-store';
import { rejectionOf, runEventStoreContract } from '@ledger/event-store/testing';
import { EsdbTestDouble, makeTestCertificates } from '@ledger/esdb-test-double';
import type { TestCertificates } from '@ledger/esdb-test-double';
import { EsdbEventStore } from './esdb-event-store';
import { newEvents, openTestStore } from './esdb-integration-support';

const password = 'mật-khẩu-9f2c';
const certificates: TestCertificates | undefined = makeTestCertificates();

if (certificates === undefined) {
  console.warn('Skipping the EventStoreDB TLS and credentials tests: the openssl command, which makes their certificates, is not installed.');
  describe('EsdbEventStore with credentials and TLS', () => {
    it.skip('runs where openssl can make a test certificate authority', () => undefined);
  });
} else {
  const tls = certificates;
  let double: EsdbTestDouble;
  const connectionString = (user: string | undefined, caFile = tls.caFile, secret = password): string =>
    `esdb://${user === undefined ? '' : `${user}:${encodeURIComponent(secret)}@`}127.0.0.1:${double.port}?tls=true&tlsCAFile=${encodeURIComponent(caFile)}`;

  beforeAll(async () => {
    double = await EsdbTestDouble.start({
      security: {
        certificateChain: tls.certificateChain,
        privateKey: tls.privateKey,
        users: {
          admin: { password: 'changeit', groups: ['$admins'] },
          ledger: { password, groups: ['ledger-app'] },
          clerk: { password },
          auditor: { password: 'auditor-secret', groups: ['auditors'] },
        },
        allReadRoles: ['ledger-app'],
      },
    });
  });

  afterAll(async () => {
    await double.stop();
    tls.remove();
  });

  describe('EsdbEventStore as the least-privileged user, over TLS (test double)', () => {
    runEventStoreContract('eventstoredb (TLS, user in a group that may read $all)', async () => {
      const store = await openTestStore(connectionString('ledger'));
      return { store, dispose: () => store.close() };
    });
  });

  describe('EsdbEventStore refusing to start without what it needs (test double)', () => {
    async function openFailure(text: string): Promise<Error> {
      const error = await rejectionOf(openTestStore(text, { retry: { attemptsMax: 2, delayMsInitial: 10, delayMsMax: 10, attemptTimeoutMs: 2_000, budgetMs: 3_000 } }));
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).not.toContain(password);
      expect((error as Error).message).not.toContain(encodeURIComponent(password));
      return error as Error;
    }

    it('a user that may not read $all: access denied, naming $all and the role it needs', async () => {
      const error = await openFailure(connectionString('clerk'));
      expect(error).toBeInstanceOf(EventStoreAccessError);
      expect((error as EventStoreAccessError).kind).toBe('access-denied');
      expect(error.message).toMatch(/as user clerk.*read \$all.*read role on \$all/);
    });

    it('a wrong password: not authenticated, without the password in the message', async () => {
      const error = await openFailure(connectionString('ledger', tls.caFile, 'not-the-password'));
      expect(error).toBeInstanceOf(EventStoreAccessError);
      expect((error as EventStoreAccessError).kind).toBe('not-authenticated');
      expect(error.message).toMatch(/refused the credentials/);
      expect(error.message).not.toContain('not-the-password');
    });

    it('no credentials: access denied, saying no user was given', async () => {
      const error = await openFailure(connectionString(undefined));
      expect(error).toBeInstanceOf(EventStoreAccessError);
      expect(error.message).toMatch(/no user given/);
    });

    it('a certificate authority that did not sign the server’s certificate: a TLS failure that names tlsCAFile', async () => {
      const error = await openFailure(connectionString('ledger', tls.otherCaFile));
      expect(error.message).toMatch(/TLS handshake failed.*tlsCAFile/);
    });

    it('a tlsCAFile that does not exist: a failure that names the file', async () => {
      const error = await openFailure(connectionString('ledger', '/nonexistent/ledger-ca.crt'));
      expect(error.message).toMatch(/tlsCAFile=\/nonexistent\/ledger-ca\.crt/);
    });

    it('the grant the deployment guide gives: once an admin adds a group to the read roles of $all, its users open the store', async () => {
      const grantee = connectionString('auditor', tls.caFile, 'auditor-secret');
      const denied = await rejectionOf(openTestStore(grantee));
      expect(denied).toBeInstanceOf(EventStoreAccessError);

      // docs/deployment.md, "Credentials and TLS", step 3, word for word but for the names.
      const admin = EventStoreDBClient.connectionString(connectionString('admin', tls.caFile, 'changeit'));
      await admin.setStreamMetadata('$all', { acl: { readRoles: ['$admins', 'ledger-app', 'auditors'] } });
      await admin.dispose();

      const store = await openTestStore(grantee);
      expect(await store.headPosition()).toBeGreaterThanOrEqual(-1n);
      await store.close();
    });

    it('without the start-up check, the first read of $all fails at once, not after retries', async () => {
      const store = await EsdbEventStore.open({ connectionString: connectionString('clerk'), verifyAccess: false });
      try {
        await store.appendToStream('account-clerk', newEvents(1), { expectedRevision: 'no_stream' });
        const startedMs = Date.now();
        const error = await rejectionOf(store.headPosition());
        expect(error).toBeInstanceOf(EventStoreAccessError);
        expect(Date.now() - startedMs).toBeLessThan(1_000);
      } finally {
        await store.close();
      }
    });
  });
}
