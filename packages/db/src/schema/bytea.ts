import { customType } from 'drizzle-orm/pg-core';

/** Binary column (signature images, PDFs) as a Node Buffer. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
});
