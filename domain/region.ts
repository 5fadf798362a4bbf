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
  field: 'region' | 'creditCode' | 'registrationNumber' | 'address';
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
  // A Taiwan address that starts with its city or county, as a mainland one starts with its province or city
  // (no mainland city or county has these names; 连江县 and 台州市 are mainland ones and are left out).
  { pattern: /^(中国|中國)?(台北|臺北|新北|桃园|桃園|台中|臺中|台南|臺南|高雄|基隆|新竹|嘉义|嘉義)市/, region: 'taiwan' },
  { pattern: /^(中国|中國)?(新竹|苗栗|彰化|南投|云林|雲林|嘉义|嘉義|屏东|屏東|宜兰|宜蘭|花莲|花蓮|台东|台東|臺東|澎湖)(县|縣)/, region: 'taiwan' },
  // Hong Kong and Macao addresses that start with their district, none of them a mainland place's name
  // (湾仔, 大埔 and 沙田 are mainland places too, and 中环路 a mainland ring road: left out).
  { pattern: /^(中環|中环(?![路线線])|上環|上环|銅鑼灣|铜锣湾|尖沙咀|旺角|油麻地|深水埗|觀塘|观塘|荃灣|荃湾|屯門|屯门|元朗|葵涌|將軍澳|将军澳)/, region: 'hong_kong' },
  { pattern: /^(氹仔|凼仔|路環|路环|路氹|路凼)/, region: 'macao' },
  { pattern: /\b(hong\s*kong|hksar|kowloon|new\s+territories|n\.\s?t\.)(\s*s\.?a\.?r\.?)?(\s*,?\s*(hong\s*kong|china))?[\s.]*$/i, region: 'hong_kong' },
  { pattern: /\b(macau|macao)(\s*s\.?a\.?r\.?)?(\s*,?\s*china)?[\s.]*$/i, region: 'macao' },
  { pattern: /\b(taiwan|taipei)(\s*,?\s*\(?(r\.?o\.?c\.?|china)\)?)?(\s*\d{3}(\d{2,3})?)?[\s.]*$/i, region: 'taiwan' },
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
export function enterpriseRegionProblem(enterprise: {
  region?: EnterpriseRegion | undefined;
  creditCode: string;
  registrationNumber?: string | undefined;
  address: string;
}): RegionProblem | null {
  if (enterprise.region !== undefined && enterprise.region !== 'mainland') return notServed('region', enterprise.region, 'the region given');
  // Full-width letters and digits (ＨＯＮＧ ＫＯＮＧ, １２３４５６７８) are read as the ones they stand for.
  const code = enterprise.creditCode.normalize('NFKC').trim().toUpperCase();
  const byCode = REGION_CODES.find(({ pattern }) => pattern.test(code));
  const address = enterprise.address.normalize('NFKC').trim();
  const byAddress = REGION_ADDRESSES.find(({ pattern }) => pattern.test(address));
  if (byCode || !hasMainlandForm(code)) {
    // An 8-digit number fits Hong Kong and Taiwan alike: the address tells which, if it can.
    const why = byCode?.what ?? 'the code has none of the forms of a mainland code';
    const refused = notServed('creditCode', byCode?.region ?? byAddress?.region ?? null, why);
    return { ...refused, message: `${refused.message} ${MAINLAND_CODES}` };
  }
  // An individually-owned business's registration number, beside the placeholder: another region's number there is that region's business.
  const registrationNumber = enterprise.registrationNumber?.normalize('NFKC').trim().toUpperCase() ?? '';
  const byRegistrationNumber = REGION_CODES.find(({ pattern }) => pattern.test(registrationNumber));
  if (byRegistrationNumber) {
    const refused = notServed('registrationNumber', byRegistrationNumber.region ?? byAddress?.region ?? null, byRegistrationNumber.what.replace('the code', 'the registration number'));
    return { ...refused, message: `${refused.message} ${MAINLAND_CODES}` };
  }
  return byAddress ? notServed('address', byAddress.region, 'the address is there') : null;
}
