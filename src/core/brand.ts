import type { Config } from '../config.js';

/** Whose trials these are, as every email, message and issue names them. */
export interface Brand {
  company: string;
  product: string;
  selfHostUrl: string | null;
}

export const brandOf = (c: Pick<Config, 'COMPANY_NAME' | 'PRODUCT_NAME' | 'SELF_HOST_URL'>): Brand => ({
  company: c.COMPANY_NAME,
  product: c.PRODUCT_NAME,
  selfHostUrl: c.SELF_HOST_URL ?? null,
});
