/** GET /api/me/callback: whether one tap files the call-back, and the village's office phone. */
export interface CallbackContact {
  known: boolean;
  officePhone: string | null;
}

/** POST /api/me/callbacks: the filed call-back. */
export interface CallbackFiled {
  trackingCode: string;
  assignee: string | null;
  officePhone: string | null;
}

/** What the resident may add when the server has no number or village on file. */
export interface CallbackRequest {
  villageCode?: string;
  phone?: string;
  /** getPhoneNumber's code instead of a typed phone. */
  phoneCode?: string;
}
