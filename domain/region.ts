/**
 * R-G3: only the Chinese mainland region is served here. An enterprise
 * registered in Hong Kong, Macao, Taiwan or abroad is refused with that reason
 * (the region is not served; the international site is), never with a format
 * error about its code. Recognised from an explicit region, a code with the
 * form of those regions' registration numbers, or an address there.
 */

/** Where an enterprise is registered, as the API's `region` field takes it; absent means the mainland. */
export const ENTERPRISE_REGIONS = ['mainland', 'hong_kong', 'macao', 'taiwan', 'overseas'] as const;
export type EnterpriseRegion = (typeof ENTERPRISE_REGIONS)[number];
export type UnservedRegion = Exclude<EnterpriseRegion, 'mainland'>;

/** R-G3: where subjects of other regions verify. */
export const INTERNATIONAL_SITE_URL = 'https://intl.realname.example';

export interface RegionProblem {
  field: 'region' | 'creditCode' | 'address';
  rule: 'R-G3';
  /** The region recognised, or null when a code has the form of several (an 8-digit number: Hong Kong or Taiwan). */
  region: UnservedRegion | null;
  message: string;
}

const REGION_NAMES: Record<UnservedRegion, string> = {
  hong_kong: 'Hong Kong',
  macao: 'Macao',
  taiwan: 'Taiwan',
  overseas: 'a country or region outside China',
};

const MAINLAND_CODES =
  'A mainland subject enters its 18-character unified social credit code or, lacking one, its 15-digit registration ' +
  'number or 9-character organisation code.';

function notServed(field: RegionProblem['field'], region: UnservedRegion | null, why: string): RegionProblem {
  const where = region === null ? 'Hong Kong, Macao, Taiwan or abroad' : REGION_NAMES[region];
  return {
    field,
    rule: 'R-G3',
    region,
    message:
      `Only the Chinese mainland region is served here; an enterprise registered in ${where} is not (${why}). ` +
      `Verify it on the international site, ${INTERNATIONAL_SITE_URL}.`,
  };
}

/**
 * Codes of Hong Kong, Macao, Taiwan and abroad, none of which a mainland code
 * can be (18, 15 or 9 characters): the Hong Kong Companies Registry number (7
 * or 8 digits) and the Business Registration number (8 digits; as usually
 * written, with its 3-digit branch number, 12345678-000; or in full,
 * 12345678-000-08-20-1); Taiwan's unified business number (8 digits); a Macao
 * commercial registration number with its SO mark; a Singapore UEN (8
 * digits and a letter other than X, which would end a mainland organisation
 * code; 9 digits and a letter; or T/S/R, 2 digits, 2 letters, 4 digits and a
 * letter).
 */
const REGION_CODES: ReadonlyArray<{ pattern: RegExp; region: UnservedRegion | null; what: string }> = [
  { pattern: /^\d{8}-\d{3}(-\d{2}-\d{2}-[0-9A-Z])?$/, region: 'hong_kong', what: 'the code has the form of a Hong Kong business registration number' },
  { pattern: /^\d{7}$/, region: 'hong_kong', what: 'the code has the form of a Hong Kong company registration number' },
  { pattern: /^\d{8}$/, region: null, what: 'the code has the form of a Hong Kong company or business registration number or a Taiwan unified business number' },
  { pattern: /^\d{1,6}\s*\(?SO\)?$/, region: 'macao', what: 'the code has the form of a Macao commercial registration number' },
  { pattern: /^(\d{8}[A-WYZ]|\d{9}[A-Z]|[TSR]\d{2}[A-Z]{2}\d{4}[A-Z])$/, region: 'overseas', what: 'the code has the form of a Singapore unique entity number' },
];

/**
 * R-G3: whether a code has one of the mainland forms R-E2 takes, by its length
 * as the validators count it (credit code 18, registration number 15,
 * organisation code 9, with or without its hyphen, the placeholder among them).
 * A code of any other form is no mainland subject's, well formed or not.
 */
function hasMainlandForm(code: string): boolean {
  return code.length === 18 || code.length === 15 || code.length === 9 || /^.{8}-.$/.test(code);
}

/**
 * Addresses there: Chinese ones start with the region (after 中国, if written),
 * as a mainland one starts with its province; Latin ones end with it, or with
 * a district of it (Kowloon), or with the country and its postal code
 * (Singapore 048616), or, for the United States, with a state and ZIP code and
 * no country. A Japanese address is told by its kana (not the middle dot ・), its 〒 postal mark or its
 * prefecture (東京都, 大阪府, 〇〇県: 県 is not a mainland character). A mainland
 * street named after a region (青岛市香港中路) starts with its city, so it is
 * not taken for one.
 */
const US_STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY';
const REGION_ADDRESSES: ReadonlyArray<{ pattern: RegExp; region: UnservedRegion }> = [
  { pattern: /^(中国|中國)?(香港|九龍|九龙|新界)/, region: 'hong_kong' },
  { pattern: /^(中国|中國)?(澳门|澳門)/, region: 'macao' },
  { pattern: /^(中国|中國)?(台湾|台灣|臺灣)/, region: 'taiwan' },
  { pattern: /\b(hong\s*kong|hksar|kowloon|new\s+territories|n\.\s?t\.)(\s*s\.?a\.?r\.?)?(\s*,?\s*(hong\s*kong|china))?[\s.]*$/i, region: 'hong_kong' },
  { pattern: /\b(macau|macao)(\s*s\.?a\.?r\.?)?(\s*,?\s*china)?[\s.]*$/i, region: 'macao' },
  { pattern: /\b(taiwan|taipei)(\s*,?\s*(r\.?o\.?c\.?|china))?(\s*\d{3}(\d{2,3})?)?[\s.]*$/i, region: 'taiwan' },
  {
    pattern: /^(美国|美國|日本|韩国|韓國|新加坡|英国|英國|德国|德國|法国|法國|加拿大|澳大利亚|澳大利亞|新西兰|紐西蘭|马来西亚|馬來西亞|泰国|泰國|越南|印度|俄罗斯|俄羅斯|荷兰|荷蘭|瑞士|意大利|西班牙|阿联酋|阿聯酋|开曼群岛|開曼群島|英属维尔京群岛|英屬維爾京群島)/,
    region: 'overseas',
  },
  {
    pattern:
      /\b(usa|u\.s\.a\.|united states( of america)?|united kingdom|uk|england|singapore|japan|korea|germany|france|canada|australia|new zealand|malaysia|thailand|vietnam|india|russia|netherlands|switzerland|italy|spain|u\.?a\.?e\.?|cayman islands|british virgin islands|bvi)[\s.]*$/i,
    region: 'overseas',
  },
  // A country and its postal code after it: Singapore 048616, Japan 100-0005.
  { pattern: /\b(singapore|japan)\s*\d{3}-?\d{3,4}[\s.]*$/i, region: 'overseas' },
  // A United States address ends with its state and ZIP code, and often no country.
  { pattern: new RegExp(`,\\s*(${US_STATES})\\s+\\d{5}(-\\d{4})?[\\s.]*$`), region: 'overseas' },
  // Japan: kana, the 〒 postal mark, a prefecture at the start (after 日本, if written).
  { pattern: /[\u3040-\u309f\u30a1-\u30fa\u30fc-\u30ff]|〒/, region: 'overseas' },
  { pattern: /^(日本国?)?(東京都|大阪府|京都府|北海道(?!路)|[\u4e00-\u9fff]{1,3}県)/, region: 'overseas' },
];

export function isEnterpriseRegion(value: unknown): value is EnterpriseRegion {
  return typeof value === 'string' && (ENTERPRISE_REGIONS as readonly string[]).includes(value);
}

/**
 * R-G3: why this enterprise is not served here, or null for a mainland one.
 * `region` is the holder's own statement (ENTERPRISE_REGIONS; absent is the
 * mainland); then the code, then the address. One problem is reported, on the
 * first of these fields that shows it. A code of no mainland form at all, and
 * of no other region's form either, is refused the same way (whoever enters
 * it is not a mainland subject, or mistyped): the international site, and what
 * a mainland subject enters. A code of a mainland form is left to R-E2.
 */
export function enterpriseRegionProblem(enterprise: { region?: EnterpriseRegion | undefined; creditCode: string; address: string }): RegionProblem | null {
  if (enterprise.region !== undefined && enterprise.region !== 'mainland') return notServed('region', enterprise.region, 'the region given');
  const code = enterprise.creditCode.trim().toUpperCase();
  const byCode = REGION_CODES.find(({ pattern }) => pattern.test(code));
  const address = enterprise.address.trim();
  const byAddress = REGION_ADDRESSES.find(({ pattern }) => pattern.test(address));
  if (byCode || !hasMainlandForm(code)) {
    // An 8-digit number fits Hong Kong and Taiwan alike: the address tells which, if it can.
    const why = byCode?.what ?? 'the code has none of the forms of a mainland code';
    const refused = notServed('creditCode', byCode?.region ?? byAddress?.region ?? null, why);
    return { ...refused, message: `${refused.message} ${MAINLAND_CODES}` };
  }
  return byAddress ? notServed('address', byAddress.region, 'the address is there') : null;
}
