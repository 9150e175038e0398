import { describe, expect, it } from 'vitest';
import { CreateUserRequest, LoginRequest, MfaVerifyRequest } from '@charta/contracts';
import { toPointer, validate } from './validate.js';

describe('toPointer', () => {
  it.each([
    [[], ''],
    [['username'], '/username'],
    [['errors', 0, 'path'], '/errors/0/path'],
    [['a/b', 'c~d'], '/a~1b/c~0d'],
  ])('encodes %j as %j', (path, pointer) => {
    expect(toPointer(path)).toBe(pointer);
  });
});

describe('validate', () => {
  it('returns the parsed value when the input meets the contract', () => {
    expect(validate(LoginRequest, { username: ' coder1 ', password: 'pw' })).toEqual({
      ok: true,
      value: { username: 'coder1', password: 'pw' },
    });
  });

  it("reports the contract's own messages at JSON Pointer paths", () => {
    const result = validate(LoginRequest, { username: '', password: '' });
    expect(result).toMatchObject({
      ok: false,
      errors: [
        { path: '/username', message: 'Enter your username' },
        { path: '/password', message: 'Enter your password' },
      ],
    });
  });

  it('rejects a too-short password when creating a user', () => {
    const result = validate(CreateUserRequest, {
      username: 'new.coder',
      displayName: 'New Coder',
      role: 'coder',
      password: 'short',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContainEqual(expect.objectContaining({ path: '/password' }));
  });

  it("reports a malformed recovery code with the contract's hint", () => {
    expect(validate(MfaVerifyRequest, { recoveryCode: 'abc' })).toMatchObject({
      ok: false,
      errors: [{ path: '/recoveryCode', message: 'Recovery codes look like ABCD-EFGH-JKLM' }],
    });
  });

  it('accepts a recovery code in the documented form', () => {
    expect(validate(MfaVerifyRequest, { recoveryCode: 'ABCD-EFGH-JKLM' }).ok).toBe(true);
  });
});
