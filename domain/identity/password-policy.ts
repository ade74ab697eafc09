/**
 * What makes a password too weak beyond its length (12–128 characters, checked by the command
 * schemas): NIST SP 800-63B asks to refuse passwords that are commonly used, repetitive or
 * sequential, or made from the account's own details. A short list stands in for a breach
 * corpus; it catches what people actually try first.
 */
const COMMON = new Set([
  'password1234',
  'password12345',
  'password123456',
  'passw0rd1234',
  'p@ssw0rd1234',
  'p@ssword1234',
  'qwertyuiop12',
  'qwertyuiop123',
  'qwerty123456',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'zaq12wsxcde3',
  'iloveyou1234',
  'welcome12345',
  'letmein12345',
  'administrator',
  'changeme1234',
  'admin1234567',
  'abc123456789',
  'abcdefghijkl',
  'india1234567',
  'indiaisgreat',
  'akashone1234',
  'mieuxtechnologies',
]);

const SEQUENCES = [
  '0123456789012345678901234567890',
  'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz',
  'qwertyuiopasdfghjklzxcvbnm',
];

/** Why `password` is too easy to guess for this account, or null when it is acceptable. */
export function weakPasswordReason(
  password: string,
  account: { email?: string | null; name?: string | null } = {},
): string | null {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'this password is one of the most common; choose another';
  if (new Set([...password]).size <= 3) return 'use more than three different characters';
  const compact = lower.replace(/[^a-z0-9]/g, '');
  if (
    compact.length >= 8 &&
    SEQUENCES.some((s) => s.includes(compact) || [...s].reverse().join('').includes(compact))
  ) {
    return 'a run of keys or letters in order is easy to guess; choose something else';
  }
  const local = account.email?.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && lower.includes(local))
    return 'do not use your email address in your password';
  const email = account.email?.toLowerCase();
  if (email && lower === email) return 'do not use your email address as your password';
  return null;
}
