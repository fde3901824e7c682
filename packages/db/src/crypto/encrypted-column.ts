import { customType } from 'drizzle-orm/pg-core';
import { decryptBytes, decryptValue, encryptBytes, encryptValue } from './envelope.ts';

/** A text column stored encrypted (bytea envelope); drizzle reads and writes it as a plain string. */
export const encryptedText = customType<{ data: string; driverData: Buffer }>({
  dataType: () => 'bytea',
  toDriver: (value) => encryptValue(value),
  fromDriver: (value) => decryptValue(value),
});

/** A binary column (signature images) stored encrypted; drizzle reads and writes it as a Buffer. */
export const encryptedBytes = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
  toDriver: (value) => encryptBytes(value),
  fromDriver: (value) => decryptBytes(value),
});
