// The two primitives under login: bcrypt as golang.org/x/crypto/bcrypt computes and compares it,
// and cidrutil.RemoteAddrIsOk over go-sockaddr's printed forms.
import { describe, expect, it } from 'vitest';
import { compareHashAndPassword, generateFromPassword } from '../../../src/credential/userpass/bcrypt.js';
import { remoteAddrIsOk } from '../../../src/framework/cidr.js';
import { createRandom } from '../../../src/util/random.js';

// golang.org/x/crypto bcrypt_test.go TestBcryptingIsCorrect: bcrypt("allmine", 10, "XajjQvNhvvRt5GSeFk1xFe").
const GO_HASH = '$2a$10$XajjQvNhvvRt5GSeFk1xFeyqRrsxkhBkUiQeg0dt.wU1qD4aFDcga';

describe('bcrypt (x/crypto semantics)', () => {
  it('verifies a Go hash whatever its minor letter, and nothing malformed', async () => {
    expect(await compareHashAndPassword(GO_HASH, 'allmine')).toBe(true);
    expect(await compareHashAndPassword('$2y$' + GO_HASH.slice(4), 'allmine')).toBe(true);
    expect(await compareHashAndPassword(GO_HASH, 'allmine ')).toBe(false);
    for (const bad of ['dummy', '$2a$03$' + GO_HASH.slice(7), '$3a$' + GO_HASH.slice(4), '$2a$10$' + '!'.repeat(53)]) {
      expect(await compareHashAndPassword(bad, 'allmine')).toBe(false);
    }
  });

  it('writes $2a$10$ hashes from the injected random source, and refuses > 72 bytes', async () => {
    const a = await generateFromPassword('pw', createRandom(1));
    expect(a).toMatch(/^\$2a\$10\$[./A-Za-z0-9]{53}$/);
    expect(await generateFromPassword('pw', createRandom(1))).toBe(a);
    expect(await compareHashAndPassword(a, 'pw')).toBe(true);
    await expect(generateFromPassword('x'.repeat(73), createRandom(1))).rejects.toThrow('bcrypt: password length exceeds 72 bytes');
  });
});

describe('remoteAddrIsOk (cidrutil)', () => {
  it('matches by family and range, refusing what does not parse', () => {
    expect(remoteAddrIsOk('8.8.8.8', [])).toBe(true);
    const cidrs = ['10.0.0.0/8', '127.0.0.1', '192.168.1.7:8200', 'fe80::/10', '[::1]:80', '"/tmp/sock"'];
    for (const ok of ['10.255.0.1', '127.0.0.1', '::ffff:127.0.0.1', '192.168.1.7', 'fe80::1', '::1']) {
      expect([ok, remoteAddrIsOk(ok, cidrs)]).toEqual([ok, true]);
    }
    for (const no of ['11.0.0.1', '127.0.0.2', 'fec0::1', '::2', 'localhost', '']) {
      expect([no, remoteAddrIsOk(no, cidrs)]).toEqual([no, false]);
    }
  });
});
