import { GroupErrorBoundary } from "../components/errors";

// Every unknown path: a 404 inside the app's layout.
export const loader = () => {
  throw new Response("Not Found", { status: 404 });
};

export default function NotFound() {
  return null;
}

export const ErrorBoundary = GroupErrorBoundary;
