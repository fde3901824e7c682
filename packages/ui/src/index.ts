export { Button, type ButtonProps } from './Button.tsx';
export { type Choice, ChoiceList, type ChoiceListProps } from './ChoiceList.tsx';
export { ErrorSummary } from './ErrorSummary.tsx';
export {
  SelectField,
  type SelectFieldProps,
  TextAreaField,
  type TextAreaFieldProps,
  TextField,
  type TextFieldProps,
} from './Field.tsx';
export { FieldSet, type FieldSetProps } from './FieldSet.tsx';
