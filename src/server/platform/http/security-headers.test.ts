import { describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers.ts';

describe('securityHeaders', () => {
  it('are the headers helmet sets for the options, CSP directives merged over its defaults', () => {
    const h = securityHeaders({
      contentSecurityPolicy: { useDefaults: true, directives: { 'img-src': ["'self'", 'blob:'], 'upgrade-insecure-requests': null } },
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
      hsts: false,
    });
    expect(h['content-security-policy']).toContain("img-src 'self' blob:");
    expect(h['content-security-policy']).toContain("object-src 'none'");
    expect(h['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(h).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'strict-origin-when-cross-origin', 'x-frame-options': 'SAMEORIGIN' });
    expect(h['strict-transport-security']).toBeUndefined();
    expect(securityHeaders({ hsts: true })['strict-transport-security']).toMatch(/^max-age=\d+/);
  });

  it('refuse options helmet would reject', () => {
    expect(() => securityHeaders({ contentSecurityPolicy: { directives: { 'script-src': ['self'] } } })).toThrow(/should be quoted/);
  });
});
