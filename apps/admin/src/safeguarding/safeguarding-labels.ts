import type { ConcernCategory, HoldReason } from '@threshold/validators';

export const concernCategoryLabels: Record<ConcernCategory, string> = {
  disclosure_by_child: 'A child disclosed something',
  visitor_behaviour: 'The visitor’s behaviour',
  injury: 'Someone was injured',
  unauthorised_photography: 'Photographs or recording without permission',
  other: 'Something else',
};

export const holdReasonLabels: Record<HoldReason, string> = {
  safeguarding_concern: 'Safeguarding concern',
  child_protection_concern: 'Child protection concern',
  injury_on_site: 'Injury on site',
  legal_request: 'Legal request',
  other: 'Other (say why in the note)',
};

export const concernCategoryOptions = (Object.keys(concernCategoryLabels) as ConcernCategory[]).map((value) => ({
  value,
  label: concernCategoryLabels[value],
}));

export const holdReasonOptions = (Object.keys(holdReasonLabels) as HoldReason[]).map((value) => ({
  value,
  label: holdReasonLabels[value],
}));
