import type { ButtonHTMLAttributes, Ref } from 'react';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'secondary' | 'link';
  size?: 'normal' | 'large';
  ref?: Ref<HTMLButtonElement>;
}

/** A touch-sized button: at least 56 px high on the kiosk, never below 44 px anywhere. */
export function Button({ variant = 'primary', size = 'normal', className, type = 'button', ...rest }: ButtonProps) {
  const classes = ['th-button', `th-button--${variant}`, `th-button--${size}`, className].filter(Boolean).join(' ');
  return <button type={type} className={classes} {...rest} />;
}
