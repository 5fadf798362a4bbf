// Test identities with valid GB 11643 check characters, built rather than copied.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function mainlandId(region: string, birthDate: string, sequence: string): string {
  const body = `${region}${birthDate.replace(/-/g, '')}${sequence}`;
  const sum = body.split('').reduce((total, digit, index) => total + Number(digit) * WEIGHTS[index]!, 0);
  return body + CHECK[sum % 11];
}

function randomInt(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

/** A random adult's valid mainland ID number (collisions are vanishingly rare). */
export function randomMainlandId(): string {
  const birthDate = `${randomInt(1960, 2000)}-${String(randomInt(1, 12)).padStart(2, '0')}-${String(randomInt(1, 28)).padStart(2, '0')}`;
  return mainlandId('110105', birthDate, String(randomInt(0, 999)).padStart(3, '0'));
}

/** A fresh adult applicant with a valid mainland ID of their own. */
export function applicant(overrides: Partial<{ name: string; documentNumber: string }> = {}) {
  return {
    name: overrides.name ?? '张三',
    documentType: 'mainland_id',
    documentNumber: overrides.documentNumber ?? randomMainlandId(),
    industry: 'software',
    address: '北京市海淀区中关村大街1号',
  };
}
