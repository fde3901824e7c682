export interface ErrorSummaryProps {
  title: string;
  message: string | null;
}

/** A message box announced to assistive technology as soon as it appears. */
export function ErrorSummary({ title, message }: ErrorSummaryProps) {
  if (!message) return null;
  return (
    <div className="th-error-summary" role="alert">
      <h2 className="th-error-summary__title">{title}</h2>
      <p>{message}</p>
    </div>
  );
}
