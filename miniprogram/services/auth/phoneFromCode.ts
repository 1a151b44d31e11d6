import { apiRequest } from '../http/apiRequest';

/** The number behind WeChat's phone-number button: the server reads it from WeChat with the button's code. */
export async function phoneFromCode(code: string): Promise<string> {
  const body = await apiRequest<{ phone: string }>('POST', '/api/me/phone', { code }, { auth: true });
  return body.phone;
}
