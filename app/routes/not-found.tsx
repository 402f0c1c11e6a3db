import { data } from "react-router";

// Every unknown address, whatever the method, is our branded "not found".
export function loader() {
  throw data(null, { status: 404 });
}
export function action() {
  throw data(null, { status: 404 });
}
export default function NotFound() {
  return null;
}
