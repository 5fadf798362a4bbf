/** R-E3, R-E5, R-C6: an enterprise name as the registry or a bank states it, compared exactly but for surrounding spaces. */
export const sameName = (a: string, b: string): boolean => a.trim() === b.trim();
