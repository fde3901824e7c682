/** Saves a file the server sent as base64 (PDFs, CSV) through a short-lived object URL. */
export function saveFile(file: { filename: string; base64: string; contentType?: string }): void {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.contentType ?? 'application/pdf' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
