// Properties of the PKI engine's algebraic parts: shell globs (go-glob), subject names written
// in Go's RDN order and read back, serial number forms, Go's key-usage BIT STRING, and the
// domain rules of ValidateNames (hashicorp/vault builtin/logical/pki/issuing/issue_common.go).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { subjectDer } from '../../../src/secrets/pki/certgen.js';
import { serialApi, serialColon, serialStorage } from '../../../src/secrets/pki/certinfo.js';
import { nameAttrs } from '../../../src/secrets/pki/csr.js';
import { bitString, readTlv } from '../../../src/secrets/pki/der.js';
import { glob, validateNames } from '../../../src/secrets/pki/names.js';
import { ROLE_DEFAULTS_FOR_CA } from '../../../src/secrets/pki/ca-role.js';

const text = fc.string({ unit: fc.constantFrom(...'abcxyz.-*?'.split('')), maxLength: 12 });
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
const value = fc.string({ unit: fc.constantFrom(...'abcXYZ 09-.é&*'.split('')), minLength: 1, maxLength: 10 });

describe('pki properties', () => {
  it('a glob made from a string by starring any of its pieces matches it; without stars it is equality', () => {
    fc.assert(fc.property(fc.array(text, { minLength: 1, maxLength: 5 }), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), (parts, star) => {
      const subject = parts.join('');
      const pattern = parts.map((p, i) => (star[i] ? '*' : p)).join('');
      expect(glob(pattern, subject)).toBe(true);
    }));
    fc.assert(fc.property(fc.stringMatching(/^[a-z.]{0,8}$/), fc.stringMatching(/^[a-z.]{0,8}$/), (a, b) => {
      expect(glob(a, b)).toBe(a === b);
    }));
  });

  it('subject names come back in Go\'s attribute order with their values', () => {
    fc.assert(fc.property(
      fc.record({ country: fc.array(value, { maxLength: 2 }), organization: fc.array(value, { maxLength: 2 }), ou: fc.array(value, { maxLength: 2 }), cn: value, serialNumber: fc.constantFrom('', '42') }),
      (r) => {
        const uniq = (xs: string[]) => [...new Set(xs)];
        const fields = { country: uniq(r.country), province: [], locality: [], street: [], postal: [], organization: uniq(r.organization), ou: uniq(r.ou), cn: r.cn, serialNumber: r.serialNumber, uids: [] };
        const attrs = nameAttrs(subjectDer(fields));
        const order = attrs.map((a) => a.oid);
        const rank = ['2.5.4.6', '2.5.4.10', '2.5.4.11', '2.5.4.3', '2.5.4.5'];
        expect(order).toEqual([...order].sort((a, b) => rank.indexOf(a) - rank.indexOf(b)));
        const values = (oid: string) => attrs.filter((a) => a.oid === oid).map((a) => a.value).sort();
        expect(values('2.5.4.6')).toEqual([...fields.country].sort());
        expect(values('2.5.4.11')).toEqual([...fields.ou].sort());
        expect(values('2.5.4.3')).toEqual([r.cn]);
        expect(values('2.5.4.5')).toEqual(r.serialNumber ? ['42'] : []);
      },
    ), { numRuns: 200 });
  });

  it('serial numbers: colon, hyphen and upper-case forms name the same storage key; leading zero bytes drop', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 20 }), (bytes) => {
      const colon = serialColon(bytes);
      expect(serialApi(serialStorage(colon.toUpperCase()))).toBe(colon);
      expect(colon.startsWith('00:')).toBe(false);
      expect(BigInt('0x' + colon.replace(/:/g, ''))).toBe(BigInt('0x' + (Buffer.from(bytes).toString('hex') || '0')));
    }));
  });

  it('key usage bits encode as Go\'s minimal BIT STRING and decode to the same set', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 8 }), { minLength: 1 }), (bits) => {
      const der = bitString(bits);
      const t = readTlv(der, 0);
      const unused = der[t.start]!;
      const data = der.subarray(t.start + 1, t.end);
      const back: number[] = [];
      for (let i = 0; i < data.length * 8; i++) if (data[i >> 3]! & (0x80 >> (i & 7))) back.push(i);
      expect(back).toEqual([...bits].sort((a, b) => a - b));
      expect(data[data.length - 1]! & ((1 << unused) - 1)).toBe(0);
      expect(data[data.length - 1]! & (1 << unused)).not.toBe(0);
    }));
    expect(Buffer.from(bitString([5, 6])).toString('hex')).toBe('03020106');
  });

  it('with allowed_domains and subdomains, names under the domain pass and look-alikes fail', () => {
    const role = { ...ROLE_DEFAULTS_FOR_CA, allow_any_name: false, enforce_hostnames: true, allow_localhost: false, allowed_domains: ['example.com'], allow_subdomains: true, cn_validations: ['email', 'hostname'] };
    fc.assert(fc.property(fc.array(label, { minLength: 1, maxLength: 3 }), (labels) => {
      const name = `${labels.join('.')}.example.com`;
      expect(validateNames(role, [name])).toBe('');
      expect(validateNames(role, [`*.${name}`])).toBe('');
      expect(validateNames(role, [`${labels.join('.')}.example.com.evil`])).not.toBe('');
      expect(validateNames(role, [`${labels.join('')}example.com`])).not.toBe('');
    }));
  });

});
