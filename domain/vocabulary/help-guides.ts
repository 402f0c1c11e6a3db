// The help guides (/help/<slug>): short, step by step, in the words the pages use — see
// index.ts. Each guide is a list of sections; a section has a few lines of text, numbered
// steps, or commands to type (shown as they must be typed, with a Copy button).

export interface GuideSection {
  readonly heading: string;
  readonly body?: readonly string[];
  readonly steps?: readonly string[];
  /** Typed into a terminal exactly as written. */
  readonly commands?: string;
  readonly after?: readonly string[];
}

export interface Guide {
  readonly slug: string;
  readonly title: string;
  /** One line for the help index. */
  readonly summary: string;
  readonly intro: string;
  readonly sections: readonly GuideSection[];
}

const putASiteOnline: Guide = {
  slug: "put-a-site-online",
  title: "Put a site online",
  summary: "From a folder on your computer to a web address you can share, in your browser.",
  intro:
    "A site on Harbor can be a few web pages, or a small app written in Node.js, Python or Go. You need a workspace first: it's where your sites live, in Europe or the United States.",
  sections: [
    {
      heading: "1. Make a workspace",
      steps: [
        "Sign in, then choose Workspaces at the top of the page.",
        "Choose Create workspace, give it a name, and pick where it runs.",
        "Wait a few seconds until it says Ready.",
      ],
    },
    {
      heading: "2. Get your site ready",
      body: [
        "Put everything the site needs in one folder. For plain web pages, the first page should be called index.html.",
        "Make a .zip file of the folder: on a Mac, Control-click the folder and choose Compress; on Windows, right-click it and choose Send to, then Compressed (zipped) folder.",
      ],
    },
    {
      heading: "3. Upload it",
      steps: [
        "Open your workspace and choose Deployments, then New deployment.",
        "Choose a name: it becomes part of the site's web address, so use letters, numbers and dashes.",
        "Choose your .zip file (or a single file, such as index.html) and choose Put it online.",
        "In a minute or so its status says Live and the site's address is shown. Open it to check, then share it.",
      ],
      after: ["No file to hand? The same page lets you paste the code of a single page instead."],
    },
    {
      heading: "4. Put a new version online",
      body: [
        "Open the site's page, choose your new .zip file under Put a new version online, and upload it. The address stays the same, so the people you shared it with see the new version.",
      ],
    },
  ],
};

const protectASite: Guide = {
  slug: "protect-a-site",
  title: "Keep a site private",
  summary: "Ask visitors for a password, or let in only the apps that have the site's key.",
  intro:
    "Every site starts open to everyone who has its address. You can change who may visit at any time, and change it back just as easily.",
  sections: [
    {
      heading: "Ask visitors for a password",
      body: ["Good for a draft you want a client or a friend to see before everyone else."],
      steps: [
        "Open your workspace, choose Deployments, and open the site.",
        "Under Who may visit, choose People with a username and password.",
        "Choose a username, and a password of at least 8 characters, then save.",
        "Send the username and password to the people who should see the site, separately from its address. Their browser asks for them the first time they visit.",
      ],
    },
    {
      heading: "Let in only apps that have the site's key",
      body: [
        "Good for a site that other programs use, such as the data behind a phone app or a spreadsheet that fetches figures.",
      ],
      steps: [
        "Open the site and, under Who may visit, choose Apps and scripts that have this site's visitor key.",
        "Save. The key is shown once: copy it and keep it somewhere safe, because we don't keep a copy.",
        "Give the key to whoever writes the app. It sends the key with every visit; visits without it are turned away.",
      ],
    },
    {
      heading: "Open it to everyone again",
      steps: ["Open the site, choose Everyone under Who may visit, and save. The password or key stops working at once."],
    },
  ],
};

const berthTool: Guide = {
  slug: "berth-tool",
  title: "Use the berth tool from your computer",
  summary: "Install the free berth command-line tool on macOS, Linux or Windows, and send sites from your computer.",
  intro:
    "berth is a free, open-source tool you type commands into, in the Terminal on a Mac or Linux, or in PowerShell on Windows. It sends a folder from your computer to your workspace with one command. You don't need it to use Harbor: most of what it does can also be done in your browser.",
  sections: [
    {
      heading: "On a Mac",
      steps: [
        "Open Terminal (in Applications, then Utilities).",
        "Paste this command and press Return. It finds the right version for your Mac and installs it.",
      ],
      commands: "curl -fsSL https://openberth.io/install.sh | bash",
      after: [
        "Rather do it by hand? Download berth-darwin-arm64 (Macs with Apple silicon, such as M1 or later) or berth-darwin-amd64 (older Macs with Intel) from the berth releases page on GitHub, then run: chmod +x berth-darwin-arm64 and sudo mv berth-darwin-arm64 /usr/local/bin/berth (with the name of the file you downloaded).",
      ],
    },
    {
      heading: "On Linux",
      steps: [
        "Open a terminal.",
        "Paste this command and press Enter. It finds the right version for your computer and installs it.",
      ],
      commands: "curl -fsSL https://openberth.io/install.sh | bash",
      after: [
        "Rather do it by hand? Download berth-linux-amd64 (most computers) or berth-linux-arm64 (ARM computers such as a Raspberry Pi) from the berth releases page on GitHub, make it runnable with chmod +x, and move it to /usr/local/bin/berth.",
      ],
    },
    {
      heading: "On Windows",
      steps: [
        "Download berth-windows-amd64.exe from the berth releases page on GitHub (github.com/AmirSoleimani/openberth/releases).",
        "Rename the file to berth.exe and move it to a folder of its own, for example C:\\Tools.",
        "Add that folder to your Path: search the Start menu for Edit environment variables for your account, choose Path, then Edit, then New, and type the folder's name.",
        "Open a new PowerShell window so it sees the change.",
      ],
    },
    {
      heading: "Check that it works",
      body: ["On any system, this shows berth's version:"],
      commands: "berth version",
    },
    {
      heading: "Connect berth to your workspace",
      steps: [
        "In Harbor, open your workspace and choose Access keys.",
        "Under New access key, type a name for the computer you're on (for example, laptop) and choose Create key.",
        "Harbor shows two commands with your workspace's address and the new key. Copy them and run them in your terminal. The key is shown only once, so do this straight away.",
      ],
      commands: "berth config set server <your workspace's address>\nberth config set key <your new key>",
    },
    {
      heading: "Put a folder online",
      body: ["Go to the folder that holds your site, then run:"],
      commands: "berth deploy . --name my-site",
      after: [
        "berth answers with the site's web address. The site also appears under Deployments in your workspace. To see everything berth can do, run berth --help.",
        "If your computer is lost or a key is shared by mistake, remove that name under Access keys: its key stops working at once.",
      ],
    },
  ],
};

/** Every guide, in the order the help index lists them. */
export const HELP_GUIDES: readonly Guide[] = Object.freeze([putASiteOnline, protectASite, berthTool]);

export function helpGuide(slug: string): Guide | undefined {
  return HELP_GUIDES.find((g) => g.slug === slug);
}
