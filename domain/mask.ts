/**
 * Masking personal data for messages, logs and operator views. Full values
 * stay in the database; everything shown around them is masked.
 */

/**
 * Keeps the first character: '张三丰' → '张**'. Counts characters, not UTF-16
 * units, so rare characters outside the BMP count as one. A one-character
 * name is masked entirely, since keeping its first character would keep it all.
 */
export function maskName(name: string): string {
  const characters = [...name.trim()];
  if (characters.length <= 1) return '*'.repeat(characters.length);
  return characters[0] + '*'.repeat(characters.length - 1);
}

/**
 * An 18-character ID number keeps its first 6 (region) and last 4:
 * '11010519491231002X' → '110105********002X'. Shorter numbers (travel
 * permits, 8 to 11 characters) keep the first and the last 2:
 * 'H12345678' → 'H******78'. Numbers too short to hide anything that way are
 * masked entirely.
 */
export function maskDocumentNumber(documentNumber: string): string {
  const value = documentNumber.trim();
  const [head, tail] = value.length >= 15 ? [6, 4] : [1, 2];
  if (value.length <= head + tail + 2) return '*'.repeat(value.length);
  return value.slice(0, head) + '*'.repeat(value.length - head - tail) + value.slice(value.length - tail);
}

export { maskMobile } from './mobile';
