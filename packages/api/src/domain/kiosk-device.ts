export interface KioskDevice {
  id: string;
  name: string;
  siteId: string;
  organisationId: string;
  pairedAt: Date;
}
